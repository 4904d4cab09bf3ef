<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>ActiveCallPanel</name>
    <message>
        <source>Call warnings</source>
        <translation>Warnhinweise zum Anruf</translation>
    </message>
    <message>
        <source>Other party</source>
        <translation>Gegenseite</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>Leitung</translation>
    </message>
    <message>
        <source>Call duration</source>
        <translation>Anrufdauer</translation>
    </message>
    <message>
        <source>Call state</source>
        <translation>Anrufstatus</translation>
    </message>
    <message>
        <source>Keys sent</source>
        <translation>Gesendete Tasten</translation>
    </message>
    <message>
        <source>M&amp;icrophone</source>
        <translation>M&amp;ikrofon</translation>
    </message>
    <message>
        <source>S&amp;peaker</source>
        <translation>&amp;Lautsprecher</translation>
    </message>
    <message>
        <source>&amp;Mute</source>
        <translation>Stu&amp;mmschalten</translation>
    </message>
    <message>
        <source>The other side hears silence while muted (Ctrl+Shift+M)</source>
        <translation>Während der Stummschaltung hört die Gegenseite nichts (Ctrl+Shift+M)</translation>
    </message>
    <message>
        <source>&amp;Hang up</source>
        <translation>A&amp;uflegen</translation>
    </message>
    <message>
        <source>End the call (Ctrl+Shift+H)</source>
        <translation>Anruf beenden (Ctrl+Shift+H)</translation>
    </message>
</context>
<context>
    <name>Autostart</name>
    <message>
        <source>Could not change the start-at-login entry in the registry.</source>
        <translation>Der Autostart-Eintrag in der Registrierung konnte nicht geändert werden.</translation>
    </message>
    <message>
        <source>Could not remove %1.</source>
        <translation>%1 konnte nicht entfernt werden.</translation>
    </message>
    <message>
        <source>The program to start at login is not known.</source>
        <translation>Das Programm, das bei der Anmeldung gestartet werden soll, ist nicht bekannt.</translation>
    </message>
    <message>
        <source>Could not create the folder %1.</source>
        <translation>Der Ordner %1 konnte nicht erstellt werden.</translation>
    </message>
    <message>
        <source>Take and make calls on your company&apos;s phone numbers</source>
        <translation>Anrufe über die Rufnummern Ihres Unternehmens annehmen und tätigen</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>%1 konnte nicht geschrieben werden: %2</translation>
    </message>
</context>
<context>
    <name>DialpadPanel</name>
    <message>
        <source>Number to call, e.g. +49 30 1234567</source>
        <translation>Zu wählende Nummer, z. B. +49 30 1234567</translation>
    </message>
    <message>
        <source>Number to call</source>
        <translation>Zu wählende Nummer</translation>
    </message>
    <message>
        <source>Number check</source>
        <translation>Nummernprüfung</translation>
    </message>
    <message>
        <source>Caller &amp;ID</source>
        <translation>Absender&amp;nummer</translation>
    </message>
    <message>
        <source>Caller ID</source>
        <translation>Absendernummer</translation>
    </message>
    <message>
        <source>&amp;Call</source>
        <translation>Anr&amp;ufen</translation>
    </message>
</context>
<context>
    <name>ErrorText</name>
    <message>
        <source>The service address is not valid. Open Settings › Account and check it.</source>
        <translation>Die Dienstadresse ist ungültig. Öffnen Sie Einstellungen › Konto und prüfen Sie sie.</translation>
    </message>
    <message>
        <source>Could not get a session token from your sign-in service. Retrying…</source>
        <translation>Vom Anmeldedienst konnte kein Sitzungstoken abgerufen werden. Neuer Versuch…</translation>
    </message>
    <message>
        <source>The service keeps refusing your sign-in. Check your operator key in Settings › Account; the app keeps retrying.</source>
        <translation>Der Dienst lehnt Ihre Anmeldung wiederholt ab. Prüfen Sie Ihren Mitarbeiterschlüssel unter Einstellungen › Konto; die App versucht es weiter.</translation>
    </message>
    <message>
        <source>Your operator account or your company&apos;s account is disabled. Contact your administrator.</source>
        <translation>Ihr Mitarbeiterkonto oder das Konto Ihres Unternehmens ist deaktiviert. Wenden Sie sich an Ihre IT-Administration.</translation>
    </message>
    <message>
        <source>You signed in on another device, so this one went offline. Go online here to take over again.</source>
        <translation>Sie haben sich auf einem anderen Gerät angemeldet, daher ist dieses Gerät jetzt offline. Gehen Sie hier online, um wieder zu übernehmen.</translation>
    </message>
    <message>
        <source>Lost the connection to the service. Reconnecting…</source>
        <translation>Die Verbindung zum Dienst wurde unterbrochen. Verbindung wird wiederhergestellt…</translation>
    </message>
    <message>
        <source>The service&apos;s security certificate was not accepted, so the connection was refused. Contact your administrator.</source>
        <translation>Das Sicherheitszertifikat des Dienstes wurde nicht akzeptiert, daher wurde die Verbindung abgelehnt. Wenden Sie sich an Ihre IT-Administration.</translation>
    </message>
    <message>
        <source>The service sent something this version does not understand. Reconnecting…</source>
        <translation>Der Dienst hat Daten gesendet, die diese Version nicht versteht. Verbindung wird wiederhergestellt…</translation>
    </message>
    <message>
        <source>That is not a phone number that can be dialled. Type it with + and the country code.</source>
        <translation>Diese Rufnummer kann nicht gewählt werden. Geben Sie sie mit + und Ländervorwahl ein.</translation>
    </message>
    <message>
        <source>The caller ID must be one of your own numbers.</source>
        <translation>Die Absendernummer muss eine Ihrer eigenen Nummern sein.</translation>
    </message>
    <message>
        <source>Only the keys 0-9, * and # can be sent as tones.</source>
        <translation>Nur die Tasten 0-9, * und # können als Tastentöne gesendet werden.</translation>
    </message>
    <message>
        <source>You are not allowed to call that number.</source>
        <translation>Sie dürfen diese Nummer nicht anrufen.</translation>
    </message>
    <message>
        <source>The line is busy. Try again later.</source>
        <translation>Die Leitung ist besetzt. Versuchen Sie es später erneut.</translation>
    </message>
    <message>
        <source>No microphone could be used: the caller hears silence. Check Settings › Audio.</source>
        <translation>Es konnte kein Mikrofon verwendet werden: Die Gegenseite hört nichts. Prüfen Sie Einstellungen › Audio.</translation>
    </message>
    <message>
        <source>The speaker or headset failed: you may not hear the caller. Check Settings › Audio.</source>
        <translation>Lautsprecher oder Headset ausgefallen: Sie hören die Gegenseite möglicherweise nicht. Prüfen Sie Einstellungen › Audio.</translation>
    </message>
    <message>
        <source>The service reported a problem. Try again in a moment.</source>
        <translation>Der Dienst hat ein Problem gemeldet. Versuchen Sie es gleich noch einmal.</translation>
    </message>
    <message>
        <source>Something went wrong (%1).</source>
        <translation>Ein Fehler ist aufgetreten (%1).</translation>
    </message>
    <message>
        <source>You hung up</source>
        <translation>Sie haben aufgelegt</translation>
    </message>
    <message>
        <source>The caller hung up</source>
        <translation>Die anrufende Person hat aufgelegt</translation>
    </message>
    <message>
        <source>The other side hung up</source>
        <translation>Die Gegenseite hat aufgelegt</translation>
    </message>
    <message>
        <source>Answered by a colleague</source>
        <translation>Von einem Teammitglied angenommen</translation>
    </message>
    <message>
        <source>Declined</source>
        <translation>Abgelehnt</translation>
    </message>
    <message>
        <source>Missed: nobody answered in time</source>
        <translation>Verpasst: Niemand hat rechtzeitig angenommen</translation>
    </message>
    <message>
        <source>No answer</source>
        <translation>Nicht angenommen</translation>
    </message>
    <message>
        <source>The call failed</source>
        <translation>Der Anruf ist fehlgeschlagen</translation>
    </message>
    <message>
        <source>Missed: the connection to the service was lost</source>
        <translation>Verpasst: Die Verbindung zum Dienst wurde unterbrochen</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Wird verbunden…</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>Online</translation>
    </message>
    <message>
        <source>Reconnecting…</source>
        <translation>Wird neu verbunden…</translation>
    </message>
    <message>
        <source>%1 Check Settings › Audio.</source>
        <translation>%1 Prüfen Sie Einstellungen › Audio.</translation>
    </message>
</context>
<context>
    <name>HistoryPanel</name>
    <message>
        <source>Which calls</source>
        <translation>Welche Anrufe</translation>
    </message>
    <message>
        <source>Search numbers and lines</source>
        <translation>Nummern und Leitungen durchsuchen</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Suchen</translation>
    </message>
    <message>
        <source>Call history</source>
        <translation>Anrufliste</translation>
    </message>
    <message>
        <source>&amp;Export CSV…</source>
        <translation>&amp;CSV exportieren…</translation>
    </message>
    <message>
        <source>Call &amp;back</source>
        <translation>&amp;Zurückrufen</translation>
    </message>
    <message>
        <source>Call this number again, from the line it came in on (Enter or double-click)</source>
        <translation>Diese Nummer erneut anrufen, über die Leitung des ursprünglichen Anrufs (Enter oder Doppelklick)</translation>
    </message>
</context>
<context>
    <name>IncomingCallPopup</name>
    <message>
        <source>Incoming call</source>
        <translation>Eingehender Anruf</translation>
    </message>
    <message>
        <source>Caller</source>
        <translation>Anrufende Nummer</translation>
    </message>
    <message>
        <source>Line called</source>
        <translation>Angerufene Leitung</translation>
    </message>
    <message>
        <source>Ringing for</source>
        <translation>Klingelt seit</translation>
    </message>
    <message>
        <source>Why the call ended</source>
        <translation>Grund für das Ende des Anrufs</translation>
    </message>
    <message>
        <source>&amp;Reject</source>
        <translation>Ab&amp;lehnen</translation>
    </message>
    <message>
        <source>Decline: colleagues may still take it (Esc, Ctrl+Shift+R)</source>
        <translation>Ablehnen: Andere Teammitglieder können den Anruf noch annehmen (Esc, Ctrl+Shift+R)</translation>
    </message>
    <message>
        <source>&amp;Accept</source>
        <translation>&amp;Annehmen</translation>
    </message>
    <message>
        <source>Answer the call (Enter, Ctrl+Shift+A)</source>
        <translation>Anruf annehmen (Enter, Ctrl+Shift+A)</translation>
    </message>
    <message>
        <source>&amp;Silence</source>
        <translation>&amp;Stumm</translation>
    </message>
    <message>
        <source>Stop the ring; the call keeps ringing on screen</source>
        <translation>Klingelton aus; der Anruf klingelt auf dem Bildschirm weiter</translation>
    </message>
</context>
<context>
    <name>KeypadWidget</name>
    <message>
        <source>Key 1</source>
        <translation>Taste 1</translation>
    </message>
    <message>
        <source>Key 2</source>
        <translation>Taste 2</translation>
    </message>
    <message>
        <source>Key 3</source>
        <translation>Taste 3</translation>
    </message>
    <message>
        <source>Key 4</source>
        <translation>Taste 4</translation>
    </message>
    <message>
        <source>Key 5</source>
        <translation>Taste 5</translation>
    </message>
    <message>
        <source>Key 6</source>
        <translation>Taste 6</translation>
    </message>
    <message>
        <source>Key 7</source>
        <translation>Taste 7</translation>
    </message>
    <message>
        <source>Key 8</source>
        <translation>Taste 8</translation>
    </message>
    <message>
        <source>Key 9</source>
        <translation>Taste 9</translation>
    </message>
    <message>
        <source>Key *</source>
        <translation>Taste *</translation>
    </message>
    <message>
        <source>Key 0</source>
        <translation>Taste 0</translation>
    </message>
    <message>
        <source>Key #</source>
        <translation>Taste #</translation>
    </message>
</context>
<context>
    <name>LaunchArguments</name>
    <message>
        <source>--dial needs a number.</source>
        <translation>--dial erfordert eine Nummer.</translation>
    </message>
    <message>
        <source>Unknown option %1.</source>
        <translation>Unbekannte Option %1.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a phone number or tel: link.</source>
        <translation>„%1“ ist weder eine Rufnummer noch ein tel:-Link.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Audin Softphone</source>
        <translation>Audin Softphone</translation>
    </message>
    <message>
        <source>&amp;Softphone</source>
        <translation>&amp;Softphone</translation>
    </message>
    <message>
        <source>&amp;Call</source>
        <translation>An&amp;ruf</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>Go &amp;online</source>
        <translation>&amp;Online gehen</translation>
    </message>
    <message>
        <source>Ctrl+Shift+O</source>
        <translation>Ctrl+Shift+O</translation>
    </message>
    <message>
        <source>&amp;Do not disturb</source>
        <translation>&amp;Nicht stören</translation>
    </message>
    <message>
        <source>Ctrl+Shift+D</source>
        <translation>Ctrl+Shift+D</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <source>Ctrl+,</source>
        <translation>Ctrl+,</translation>
    </message>
    <message>
        <source>Sign &amp;in…</source>
        <translation>&amp;Anmelden…</translation>
    </message>
    <message>
        <source>Sign o&amp;ut</source>
        <translation>Ab&amp;melden</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>Ctrl+Q</source>
        <translation>Ctrl+Q</translation>
    </message>
    <message>
        <source>&amp;Accept incoming call</source>
        <translation>Eingehenden Anruf &amp;annehmen</translation>
    </message>
    <message>
        <source>Ctrl+Shift+A</source>
        <translation>Ctrl+Shift+A</translation>
    </message>
    <message>
        <source>&amp;Reject incoming call</source>
        <translation>Eingehenden Anruf ab&amp;lehnen</translation>
    </message>
    <message>
        <source>Ctrl+Shift+R</source>
        <translation>Ctrl+Shift+R</translation>
    </message>
    <message>
        <source>&amp;Mute or unmute</source>
        <translation>&amp;Stummschaltung ein/aus</translation>
    </message>
    <message>
        <source>Ctrl+Shift+M</source>
        <translation>Ctrl+Shift+M</translation>
    </message>
    <message>
        <source>&amp;Hang up</source>
        <translation>A&amp;uflegen</translation>
    </message>
    <message>
        <source>Ctrl+Shift+H</source>
        <translation>Ctrl+Shift+H</translation>
    </message>
    <message>
        <source>&amp;Dial a number</source>
        <translation>Nummer &amp;wählen</translation>
    </message>
    <message>
        <source>Ctrl+L</source>
        <translation>Ctrl+L</translation>
    </message>
    <message>
        <source>&amp;Calls</source>
        <translation>&amp;Anrufe</translation>
    </message>
    <message>
        <source>Ctrl+1</source>
        <translation>Ctrl+1</translation>
    </message>
    <message>
        <source>&amp;Numbers</source>
        <translation>&amp;Nummern</translation>
    </message>
    <message>
        <source>Ctrl+2</source>
        <translation>Ctrl+2</translation>
    </message>
    <message>
        <source>&amp;History</source>
        <translation>Anruf&amp;liste</translation>
    </message>
    <message>
        <source>Ctrl+3</source>
        <translation>Ctrl+3</translation>
    </message>
    <message>
        <source>&amp;About Audin Softphone</source>
        <translation>Ü&amp;ber Audin Softphone</translation>
    </message>
</context>
<context>
    <name>NumbersPanel</name>
    <message>
        <source>Tick the numbers you take calls on. Changes apply at once while you are online.</source>
        <translation>Markieren Sie die Nummern, auf denen Sie Anrufe annehmen. Änderungen gelten sofort, während Sie online sind.</translation>
    </message>
    <message>
        <source>Your numbers</source>
        <translation>Ihre Nummern</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>Leitung</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>Nummer</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Select &amp;all</source>
        <translation>A&amp;lle auswählen</translation>
    </message>
    <message>
        <source>Select &amp;none</source>
        <translation>&amp;Keine auswählen</translation>
    </message>
</context>
<context>
    <name>PhoneNumberInput</name>
    <message>
        <source>Type the number with + and its country code, for example +49 30 1234567.</source>
        <translation>Geben Sie die Nummer mit + und Ländervorwahl ein, zum Beispiel +49 30 1234567.</translation>
    </message>
    <message>
        <source>This number does not start with a known country code.</source>
        <translation>Diese Nummer beginnt nicht mit einer bekannten Ländervorwahl.</translation>
    </message>
    <message>
        <source>This number is too short.</source>
        <translation>Diese Nummer ist zu kurz.</translation>
    </message>
    <message>
        <source>This number is too long.</source>
        <translation>Diese Nummer ist zu lang.</translation>
    </message>
    <message>
        <source>This is not a phone number.</source>
        <translation>Das ist keine Rufnummer.</translation>
    </message>
    <message>
        <source>This number is too short: add the area code.</source>
        <translation>Diese Nummer ist zu kurz: Ergänzen Sie die Ortsvorwahl.</translation>
    </message>
    <message>
        <source>This number has the wrong number of digits for its country.</source>
        <translation>Diese Nummer hat für ihr Land die falsche Anzahl an Ziffern.</translation>
    </message>
    <message>
        <source>Only numbers of 8 to 15 digits, country code included, can be dialled.</source>
        <translation>Es können nur Nummern mit 8 bis 15 Ziffern (einschließlich Ländervorwahl) gewählt werden.</translation>
    </message>
    <message>
        <source>Type a phone number.</source>
        <translation>Geben Sie eine Rufnummer ein.</translation>
    </message>
    <message>
        <source>This text contains more than one phone number; enter just one.</source>
        <translation>Dieser Text enthält mehr als eine Rufnummer; geben Sie nur eine ein.</translation>
    </message>
</context>
<context>
    <name>PresenceBar</name>
    <message>
        <source>Presence state</source>
        <translation>Präsenzstatus</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Verbindung</translation>
    </message>
    <message>
        <source>Not taking calls</source>
        <translation>Keine Anrufannahme</translation>
    </message>
    <message>
        <source>Availability</source>
        <translation>Verfügbarkeit</translation>
    </message>
    <message>
        <source>Do not disturb</source>
        <translation>Nicht stören</translation>
    </message>
    <message>
        <source>Decline new calls automatically so that colleagues get them (Ctrl+Shift+D)</source>
        <translation>Neue Anrufe automatisch ablehnen, damit andere Teammitglieder sie erhalten (Ctrl+Shift+D)</translation>
    </message>
    <message>
        <source>Sign in…</source>
        <translation>Anmelden…</translation>
    </message>
    <message>
        <source>Go online</source>
        <translation>Online gehen</translation>
    </message>
    <message>
        <source>Take calls on the ticked numbers, or stop taking calls (Ctrl+Shift+O)</source>
        <translation>Anrufe auf den markierten Nummern annehmen oder die Anrufannahme beenden (Ctrl+Shift+O)</translation>
    </message>
</context>
<context>
    <name>RingingStrip</name>
    <message>
        <source>Ringing call</source>
        <translation>Klingelnder Anruf</translation>
    </message>
    <message>
        <source>&amp;Silence</source>
        <translation>&amp;Stumm</translation>
    </message>
    <message>
        <source>Stop the ring; the call keeps ringing on screen</source>
        <translation>Klingelton aus; der Anruf klingelt auf dem Bildschirm weiter</translation>
    </message>
    <message>
        <source>&amp;Decline</source>
        <translation>&amp;Ablehnen</translation>
    </message>
    <message>
        <source>Decline: colleagues may still take it (Ctrl+Shift+R)</source>
        <translation>Ablehnen: Andere Teammitglieder können den Anruf noch annehmen (Ctrl+Shift+R)</translation>
    </message>
    <message>
        <source>A&amp;nswer</source>
        <translation>An&amp;nehmen</translation>
    </message>
    <message>
        <source>Answer the call (Ctrl+Shift+A)</source>
        <translation>Anruf annehmen (Ctrl+Shift+A)</translation>
    </message>
</context>
<context>
    <name>ScreenPop</name>
    <message>
        <source>Unknown placeholder {%1}. Known: %2.</source>
        <translation>Unbekannter Platzhalter {%1}. Bekannt: %2.</translation>
    </message>
    <message>
        <source>This is not a valid address.</source>
        <translation>Das ist keine gültige Adresse.</translation>
    </message>
    <message>
        <source>The address must start with https:// or http://.</source>
        <translation>Die Adresse muss mit https:// oder http:// beginnen.</translation>
    </message>
    <message>
        <source>The address has no host name.</source>
        <translation>Die Adresse enthält keinen Hostnamen.</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>&amp;Audio</source>
        <translation>Au&amp;dio</translation>
    </message>
    <message>
        <source>&amp;Microphone</source>
        <translation>&amp;Mikrofon</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>Pegel</translation>
    </message>
    <message>
        <source>Microphone level</source>
        <translation>Mikrofonpegel</translation>
    </message>
    <message>
        <source>&amp;Speaker or headset</source>
        <translation>Lautsprecher oder &amp;Headset</translation>
    </message>
    <message>
        <source>&amp;Test</source>
        <translation>&amp;Testen</translation>
    </message>
    <message>
        <source>&amp;Ringer</source>
        <translation>&amp;Klingelgerät</translation>
    </message>
    <message>
        <source>T&amp;est</source>
        <translation>Te&amp;sten</translation>
    </message>
    <message>
        <source>Ringer &amp;volume</source>
        <translation>Klingel&amp;lautstärke</translation>
    </message>
    <message>
        <source>Ringer volume</source>
        <translation>Klingellautstärke</translation>
    </message>
    <message>
        <source>&amp;Echo cancellation</source>
        <translation>&amp;Echounterdrückung</translation>
    </message>
    <message>
        <source>&amp;Noise suppression</source>
        <translation>&amp;Rauschunterdrückung</translation>
    </message>
    <message>
        <source>Automatic &amp;gain</source>
        <translation>Automatische &amp;Verstärkung</translation>
    </message>
    <message>
        <source>Processing changes apply from the next call.</source>
        <translation>Änderungen an der Audioverarbeitung gelten ab dem nächsten Anruf.</translation>
    </message>
    <message>
        <source>&amp;Calls</source>
        <translation>Anr&amp;ufe</translation>
    </message>
    <message>
        <source>Answer &amp;automatically after</source>
        <translation>&amp;Automatisch annehmen nach</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>Seconds before answering automatically</source>
        <translation>Sekunden bis zur automatischen Annahme</translation>
    </message>
    <message>
        <source>&amp;Do not disturb: decline new calls so that colleagues get them</source>
        <translation>&amp;Nicht stören: Neue Anrufe ablehnen, damit andere Teammitglieder sie erhalten</translation>
    </message>
    <message>
        <source>Screen &amp;pop</source>
        <translation>&amp;Screen-Pop</translation>
    </message>
    <message>
        <source>https://crm.example/lookup?number={from}</source>
        <translation>https://crm.example/lookup?number={from}</translation>
    </message>
    <message>
        <source>&amp;General</source>
        <translation>All&amp;gemein</translation>
    </message>
    <message>
        <source>Start &amp;minimised to the tray</source>
        <translation>&amp;Minimiert im Infobereich starten</translation>
    </message>
    <message>
        <source>Start when I &amp;log in</source>
        <translation>Beim Anmelden am &amp;Computer starten</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Sprache</translation>
    </message>
    <message>
        <source>Country for &amp;national numbers</source>
        <translation>Land für &amp;nationale Nummern</translation>
    </message>
    <message>
        <source>Keep call &amp;history</source>
        <translation>Anruf&amp;liste aufbewahren</translation>
    </message>
    <message>
        <source> days</source>
        <translation> Tage</translation>
    </message>
    <message>
        <source>forever</source>
        <translation>unbegrenzt</translation>
    </message>
    <message>
        <source>Acc&amp;ount</source>
        <translation>K&amp;onto</translation>
    </message>
    <message>
        <source>Sign &amp;in again…</source>
        <translation>&amp;Erneut anmelden…</translation>
    </message>
    <message>
        <source>Sign &amp;out</source>
        <translation>Ab&amp;melden</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <source>Sign in to Audin</source>
        <translation>Bei Audin anmelden</translation>
    </message>
    <message>
        <source>Sign in with the details your administrator gave you.</source>
        <translation>Melden Sie sich mit den Zugangsdaten an, die Sie von Ihrer IT-Administration erhalten haben.</translation>
    </message>
    <message>
        <source>Service &amp;address</source>
        <translation>&amp;Dienstadresse</translation>
    </message>
    <message>
        <source>https://core.example.com</source>
        <translation>https://core.example.com</translation>
    </message>
    <message>
        <source>Sign in with</source>
        <translation>Anmelden mit</translation>
    </message>
    <message>
        <source>My company&apos;s &amp;token address and my operator key</source>
        <translation>&amp;Token-Adresse meines Unternehmens und mein Mitarbeiterschlüssel</translation>
    </message>
    <message>
        <source>A &amp;command that prints a token</source>
        <translation>Ein &amp;Befehl, der ein Token ausgibt</translation>
    </message>
    <message>
        <source>Token a&amp;ddress</source>
        <translation>Token-Ad&amp;resse</translation>
    </message>
    <message>
        <source>https://crm.example.com/softphone/token</source>
        <translation>https://crm.example.com/softphone/token</translation>
    </message>
    <message>
        <source>Operator &amp;key</source>
        <translation>&amp;Mitarbeiterschlüssel</translation>
    </message>
    <message>
        <source>Kept in your system keychain</source>
        <translation>Wird im Schlüsselbund Ihres Systems gespeichert</translation>
    </message>
    <message>
        <source>Co&amp;mmand</source>
        <translation>Be&amp;fehl</translation>
    </message>
    <message>
        <source>e.g. my-token-helper --json</source>
        <translation>z. B. my-token-helper --json</translation>
    </message>
    <message>
        <source>Sign-in status</source>
        <translation>Anmeldestatus</translation>
    </message>
</context>
<context>
    <name>audin::CallChannel</name>
    <message>
        <source>The service chose an audio format that was not offered (%1); the call cannot carry audio.</source>
        <translation>Der Dienst hat ein Audioformat gewählt, das nicht angeboten wurde (%1); der Anruf kann kein Audio übertragen.</translation>
    </message>
</context>
<context>
    <name>audin::CallController</name>
    <message>
        <source>The call was not answered within %1 s; it was ended.</source>
        <translation>Der Anruf wurde nicht innerhalb von %1 s angenommen und beendet.</translation>
    </message>
    <message>
        <source>The call was not connected within %1 s; it was ended.</source>
        <translation>Der Anruf wurde nicht innerhalb von %1 s verbunden und beendet.</translation>
    </message>
    <message>
        <source>The service did not set up the call within %1 s; it was ended.</source>
        <translation>Der Dienst hat den Anruf nicht innerhalb von %1 s aufgebaut; er wurde beendet.</translation>
    </message>
</context>
<context>
    <name>audin::OperatorService</name>
    <message>
        <source>No service address is configured. Enter one like https://core.example.com.</source>
        <translation>Es ist keine Dienstadresse eingerichtet. Geben Sie eine Adresse wie https://core.example.com ein.</translation>
    </message>
    <message>
        <source>The service address is not a valid URL. Enter one like https://core.example.com.</source>
        <translation>Die Dienstadresse ist keine gültige URL. Geben Sie eine Adresse wie https://core.example.com ein.</translation>
    </message>
    <message>
        <source>The service address must start with https:// (or http://, wss://, ws://).</source>
        <translation>Die Dienstadresse muss mit https:// beginnen (oder mit http://, wss://, ws://).</translation>
    </message>
    <message>
        <source>The service address uses &quot;%1:&quot;; only https, http, wss and ws are supported.</source>
        <translation>Die Dienstadresse verwendet „%1:“; unterstützt werden nur https, http, wss und ws.</translation>
    </message>
    <message>
        <source>The service address has no host name. Enter one like https://core.example.com.</source>
        <translation>Die Dienstadresse enthält keinen Hostnamen. Geben Sie eine Adresse wie https://core.example.com ein.</translation>
    </message>
    <message>
        <source>The service address must not contain a user name or password.</source>
        <translation>Die Dienstadresse darf weder Benutzernamen noch Passwort enthalten.</translation>
    </message>
    <message>
        <source>The service address must not contain a query (the part from &quot;?&quot;).</source>
        <translation>Die Dienstadresse darf keine Abfrage enthalten (den Teil ab „?“).</translation>
    </message>
    <message>
        <source>The service address must not contain a fragment (the part from &quot;#&quot;).</source>
        <translation>Die Dienstadresse darf kein Fragment enthalten (den Teil ab „#“).</translation>
    </message>
    <message>
        <source>The service address is not valid.</source>
        <translation>Die Dienstadresse ist ungültig.</translation>
    </message>
    <message>
        <source>The service offered more than %1 calls at once; further offers are declined until some stop ringing.</source>
        <translation>Der Dienst hat mehr als %1 Anrufe gleichzeitig angeboten; weitere werden abgelehnt, bis einige nicht mehr klingeln.</translation>
    </message>
</context>
<context>
    <name>audin::desktop::AppSettings</name>
    <message>
        <source>it is a folder</source>
        <translation>es ist ein Ordner</translation>
    </message>
    <message>
        <source>it cannot be read: %1</source>
        <translation>sie kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>it is not a valid settings file</source>
        <translation>es ist keine gültige Einstellungsdatei</translation>
    </message>
    <message>
        <source>it cannot be read</source>
        <translation>sie kann nicht gelesen werden</translation>
    </message>
    <message>
        <source>it contains binary data, not settings</source>
        <translation>sie enthält Binärdaten statt Einstellungen</translation>
    </message>
    <message>
        <source>The administrator&apos;s settings file %1 cannot be used (%2), so the settings it presets or locks are not applied. Please tell your administrator.</source>
        <translation>Die Einstellungsdatei des Administrators %1 kann nicht verwendet werden (%2); die darin vorgegebenen oder gesperrten Einstellungen gelten deshalb nicht. Bitte informieren Sie Ihren Administrator.</translation>
    </message>
    <message>
        <source>Your settings file %1 could not be used (%2). It was moved to %3 and the default settings are used.</source>
        <translation>Ihre Einstellungsdatei %1 konnte nicht verwendet werden (%2). Sie wurde nach %3 verschoben; es gelten die Standardeinstellungen.</translation>
    </message>
    <message>
        <source>Your settings file %1 could not be used (%2) and could not be moved aside; the default settings are used and changes cannot be saved.</source>
        <translation>Ihre Einstellungsdatei %1 konnte nicht verwendet werden (%2) und ließ sich nicht beiseiteschieben; es gelten die Standardeinstellungen, und Änderungen können nicht gespeichert werden.</translation>
    </message>
    <message>
        <source>Your settings could not be saved to %1 (the disk may be full or the file read-only); the last saved settings are kept.</source>
        <translation>Ihre Einstellungen konnten nicht in %1 gespeichert werden (der Datenträger ist vielleicht voll oder die Datei schreibgeschützt); die zuletzt gespeicherten Einstellungen bleiben erhalten.</translation>
    </message>
</context>
<context>
    <name>audin::desktop::CallHistory</name>
    <message>
        <source>No file was given for the call history.</source>
        <translation>Für die Anrufliste wurde keine Datei angegeben.</translation>
    </message>
    <message>
        <source>Call history is not available: the SQLite driver for Qt is not installed.</source>
        <translation>Die Anrufliste ist nicht verfügbar: Der SQLite-Treiber für Qt ist nicht installiert.</translation>
    </message>
    <message>
        <source>Cannot create the folder %1 for the call history.</source>
        <translation>Der Ordner %1 für die Anrufliste kann nicht erstellt werden.</translation>
    </message>
    <message>
        <source>The call history file %1 was written by a newer version of Audin Softphone; it is left untouched and calls are not recorded.</source>
        <translation>Die Anruflistendatei %1 wurde von einer neueren Version von Audin Softphone geschrieben; sie bleibt unverändert, und Anrufe werden nicht aufgezeichnet.</translation>
    </message>
    <message>
        <source>The call history file %1 cannot be written (%2).</source>
        <translation>In die Anruflistendatei %1 kann nicht geschrieben werden (%2).</translation>
    </message>
    <message>
        <source>The call history file %1 could not be updated to this version (%2); it was left as it was.</source>
        <translation>Die Anruflistendatei %1 konnte nicht auf diese Version aktualisiert werden (%2); sie wurde unverändert gelassen.</translation>
    </message>
    <message>
        <source>The call could not be saved to the history.</source>
        <translation>Der Anruf konnte nicht in der Anrufliste gespeichert werden.</translation>
    </message>
    <message>
        <source>The missed calls could not be marked as seen.</source>
        <translation>Die verpassten Anrufe konnten nicht als gesehen markiert werden.</translation>
    </message>
    <message>
        <source>Old calls could not be removed from the history.</source>
        <translation>Alte Anrufe konnten nicht aus der Anrufliste entfernt werden.</translation>
    </message>
    <message>
        <source>The call history is not available, so there is nothing to export.</source>
        <translation>Die Anrufliste ist nicht verfügbar, daher gibt es nichts zu exportieren.</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>the disk may be full</source>
        <translation>möglicherweise ist der Datenträger voll</translation>
    </message>
    <message>
        <source>it is not a file</source>
        <translation>es ist keine Datei</translation>
    </message>
    <message>
        <source>The call history file %1 is damaged or unreadable (%2) and could not be moved aside (%3). Calls are not recorded until it is moved away or deleted.</source>
        <translation>Die Anrufliste %1 ist beschädigt oder unlesbar (%2) und konnte nicht beiseitegeschoben werden (%3). Anrufe werden erst wieder aufgezeichnet, wenn sie verschoben oder gelöscht wird.</translation>
    </message>
    <message>
        <source>The call history file was damaged or unreadable (%1). It was moved to %2 and a new, empty history was started; new calls are recorded again.</source>
        <translation>Die Anrufliste war beschädigt oder unlesbar (%1). Sie wurde nach %2 verschoben und eine neue, leere Anrufliste angelegt; neue Anrufe werden wieder aufgezeichnet.</translation>
    </message>
    <message>
        <source>cannot rename it to %1</source>
        <translation>sie kann nicht in %1 umbenannt werden</translation>
    </message>
    <message>
        <source>Calls interrupted when the softphone last stopped could not be marked as such.</source>
        <translation>Anrufe, die beim letzten unerwarteten Beenden des Softphones unterbrochen wurden, konnten nicht als solche markiert werden.</translation>
    </message>
    <message>
        <source>The call history file %1 cannot be read now (%2).</source>
        <translation>Die Anrufliste %1 kann gerade nicht gelesen werden (%2).</translation>
    </message>
</context>
<context>
    <name>audin::desktop::CallHistoryModel</name>
    <message>
        <source>Incoming</source>
        <translation>Eingehend</translation>
    </message>
    <message>
        <source>Outgoing</source>
        <translation>Ausgehend</translation>
    </message>
    <message>
        <source>Yesterday %1</source>
        <translation>Gestern %1</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>Richtung</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>Nummer</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>Leitung</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Beginn</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Dauer</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Missed</source>
        <translation>Verpasst</translation>
    </message>
    <message>
        <source>Answered</source>
        <translation>Angenommen</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Unbekannt</translation>
    </message>
    <message>
        <source>Declined</source>
        <translation>Abgelehnt</translation>
    </message>
    <message>
        <source>Taken by a colleague</source>
        <translation>Von Teammitglied angenommen</translation>
    </message>
    <message>
        <source>No answer</source>
        <translation>Nicht angenommen</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <source>Declined by the other party</source>
        <translation>Von Gegenseite abgelehnt</translation>
    </message>
    <message>
        <source>Connection lost</source>
        <translation>Verbindung unterbrochen</translation>
    </message>
    <message>
        <source>Busy</source>
        <translation>Besetzt</translation>
    </message>
    <message>
        <source>Not allowed</source>
        <translation>Nicht erlaubt</translation>
    </message>
    <message>
        <source>Invalid number</source>
        <translation>Ungültige Nummer</translation>
    </message>
    <message>
        <source>Invalid caller ID</source>
        <translation>Ungültige Absendernummer</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>The softphone stopped unexpectedly during this call, so how it ended is not known.</source>
        <translation>Das Softphone wurde während dieses Anrufs unerwartet beendet; wie der Anruf endete, ist nicht bekannt.</translation>
    </message>
    <message>
        <source>Interrupted (answered)</source>
        <translation>Unterbrochen (angenommen)</translation>
    </message>
    <message>
        <source>Interrupted</source>
        <translation>Unterbrochen</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>Läuft</translation>
    </message>
    <message>
        <source>Ringing</source>
        <translation>Klingelt</translation>
    </message>
</context>
<context>
    <name>audin::desktop::CallNotifications</name>
    <message>
        <source>%1 is calling</source>
        <translation>%1 ruft an</translation>
    </message>
    <message>
        <source>%1 is calling %2</source>
        <translation>%1 ruft %2 an</translation>
    </message>
    <message>
        <source>From %1</source>
        <translation>Von %1</translation>
    </message>
    <message>
        <source>From %1 on %2</source>
        <translation>Von %1 auf %2</translation>
    </message>
    <message>
        <source>Call waiting</source>
        <translation>Anklopfen</translation>
    </message>
    <message>
        <source>Incoming call</source>
        <translation>Eingehender Anruf</translation>
    </message>
    <message>
        <source>End call &amp; answer</source>
        <translation>Anruf beenden und annehmen</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>Annehmen</translation>
    </message>
    <message>
        <source>Decline</source>
        <translation>Ablehnen</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Anzeigen</translation>
    </message>
    <message>
        <source>Missed call</source>
        <translation>Verpasster Anruf</translation>
    </message>
    <message>
        <source>Call back</source>
        <translation>Zurückrufen</translation>
    </message>
</context>
<context>
    <name>audin::desktop::DesktopSession</name>
    <message>
        <source>Sign in to start taking calls.</source>
        <translation>Melden Sie sich an, um Anrufe anzunehmen.</translation>
    </message>
    <message>
        <source>Enter your operator key to sign in.</source>
        <translation>Geben Sie Ihren Mitarbeiterschlüssel ein, um sich anzumelden.</translation>
    </message>
    <message>
        <source>Your operator key could not be read from the system keychain (%1). Enter it again to sign in.</source>
        <translation>Ihr Mitarbeiterschlüssel konnte nicht aus dem Schlüsselbund des Systems gelesen werden (%1). Geben Sie ihn erneut ein, um sich anzumelden.</translation>
    </message>
    <message>
        <source>Your operator key could not be saved in the system keychain (%1): you will be asked for it at the next start.</source>
        <translation>Ihr Mitarbeiterschlüssel konnte nicht im Schlüsselbund des Systems gespeichert werden (%1): Sie werden beim nächsten Start erneut danach gefragt.</translation>
    </message>
    <message>
        <source>You signed out.</source>
        <translation>Sie haben sich abgemeldet.</translation>
    </message>
    <message>
        <source>The service address is not valid. Check it and sign in again.</source>
        <translation>Die Dienstadresse ist ungültig. Prüfen Sie sie und melden Sie sich erneut an.</translation>
    </message>
    <message>
        <source>Tick at least one of your numbers to take calls on.</source>
        <translation>Markieren Sie mindestens eine Ihrer Nummern, um darauf Anrufe anzunehmen.</translation>
    </message>
    <message>
        <source>You are not connected to the service, so calls cannot be made right now.</source>
        <translation>Sie sind nicht mit dem Dienst verbunden, daher können zurzeit keine Anrufe getätigt werden.</translation>
    </message>
    <message>
        <source>Finish the current call first.</source>
        <translation>Beenden Sie zuerst den aktuellen Anruf.</translation>
    </message>
    <message>
        <source>Choose one of your own numbers as the caller ID.</source>
        <translation>Legen Sie eine Ihrer eigenen Nummern als Absendernummer fest.</translation>
    </message>
    <message>
        <source>Declined automatically: do not disturb</source>
        <translation>Automatisch abgelehnt: Nicht stören</translation>
    </message>
    <message>
        <source>The screen-pop address in Settings › Calls is not valid: %1</source>
        <translation>Die Screen-Pop-Adresse unter Einstellungen › Anrufe ist ungültig: %1</translation>
    </message>
</context>
<context>
    <name>audin::desktop::KeychainSecretStore</name>
    <message>
        <source>the Windows Credential Manager</source>
        <translation>die Windows-Anmeldeinformationsverwaltung</translation>
    </message>
    <message>
        <source>the macOS Keychain</source>
        <translation>der macOS-Schlüsselbund</translation>
    </message>
    <message>
        <source>the system keychain (Secret Service)</source>
        <translation>der Schlüsselbund des Systems (Secret Service)</translation>
    </message>
    <message>
        <source>%1 did not answer in time (%2 s). It may be locked, or no keyring service is running.</source>
        <translation>%1 hat nicht rechtzeitig geantwortet (%2 s). Möglicherweise ist der Schlüsselbund gesperrt, oder es läuft kein Schlüsselbunddienst.</translation>
    </message>
    <message>
        <source>no details</source>
        <translation>keine Details</translation>
    </message>
    <message>
        <source>%1 is not available (%2). Start a keyring service such as GNOME Keyring or KWallet; the operator key is never stored anywhere else.</source>
        <translation>%1 ist nicht verfügbar (%2). Starten Sie einen Schlüsselbunddienst wie GNOME Keyring oder KWallet; der Mitarbeiterschlüssel wird niemals an anderer Stelle gespeichert.</translation>
    </message>
    <message>
        <source>Access to %1 was denied.</source>
        <translation>Der Zugriff wurde verweigert, daher kann %1 nicht verwendet werden.</translation>
    </message>
    <message>
        <source>%1 refused access (%2).</source>
        <translation>%1 hat den Zugriff verweigert (%2).</translation>
    </message>
    <message>
        <source>The entry could not be removed from %1 (%2).</source>
        <translation>Der Eintrag konnte nicht entfernt werden, da %1 einen Fehler gemeldet hat (%2).</translation>
    </message>
    <message>
        <source>%1 could not be used (%2). Check that a keyring service such as GNOME Keyring or KWallet is running and unlocked.</source>
        <translation>%1 konnte nicht verwendet werden (%2). Prüfen Sie, ob ein Schlüsselbunddienst wie GNOME Keyring oder KWallet läuft und entsperrt ist.</translation>
    </message>
</context>
<context>
    <name>audin::desktop::MprisService</name>
    <message>
        <source>an unknown number</source>
        <translation>einer unbekannten Nummer</translation>
    </message>
    <message>
        <source>Incoming call from %1</source>
        <translation>Eingehender Anruf von %1</translation>
    </message>
    <message>
        <source>Calling %1</source>
        <translation>Anruf an %1</translation>
    </message>
    <message>
        <source>Call with %1</source>
        <translation>Gespräch mit %1</translation>
    </message>
</context>
<context>
    <name>audin::desktop::SignInCheck</name>
    <message>
        <source>Enter the address of the Audin service, for example https://core.example.com.</source>
        <translation>Geben Sie die Adresse des Audin-Dienstes ein, zum Beispiel https://core.example.com.</translation>
    </message>
    <message>
        <source>The service address must not contain a user name or password.</source>
        <translation>Die Dienstadresse darf weder Benutzernamen noch Passwort enthalten.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a valid service address. Use https:// followed by a host name, for example https://core.example.com.</source>
        <translation>„%1“ ist keine gültige Dienstadresse. Verwenden Sie https:// gefolgt von einem Hostnamen, zum Beispiel https://core.example.com.</translation>
    </message>
    <message>
        <source>Enter the command that prints a session token.</source>
        <translation>Geben Sie den Befehl ein, der ein Sitzungstoken ausgibt.</translation>
    </message>
    <message>
        <source>Enter the address of your token endpoint.</source>
        <translation>Geben Sie die Adresse Ihres Token-Endpunkts ein.</translation>
    </message>
    <message>
        <source>The token endpoint address must not contain a user name or password; the operator key is sent separately.</source>
        <translation>Die Adresse des Token-Endpunkts darf weder Benutzernamen noch Passwort enthalten; der Mitarbeiterschlüssel wird separat gesendet.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a valid token endpoint address. Use https:// followed by a host name and a path.</source>
        <translation>„%1“ ist keine gültige Adresse für einen Token-Endpunkt. Verwenden Sie https:// gefolgt von einem Hostnamen und einem Pfad.</translation>
    </message>
    <message>
        <source>Enter your operator key.</source>
        <translation>Geben Sie Ihren Mitarbeiterschlüssel ein.</translation>
    </message>
    <message>
        <source>The operator key contains a line break or another invisible character. Paste it again.</source>
        <translation>Der Mitarbeiterschlüssel enthält einen Zeilenumbruch oder ein anderes unsichtbares Zeichen. Fügen Sie ihn erneut ein.</translation>
    </message>
    <message>
        <source>Checking the service address…</source>
        <translation>Dienstadresse wird geprüft…</translation>
    </message>
    <message>
        <source>Fetching a token…</source>
        <translation>Token wird abgerufen…</translation>
    </message>
    <message>
        <source>The token command did not finish in time (%1 s).</source>
        <translation>Der Token-Befehl wurde nicht rechtzeitig abgeschlossen (%1 s).</translation>
    </message>
    <message>
        <source>The token endpoint at %1 did not answer in time (%2 s).</source>
        <translation>Der Token-Endpunkt unter %1 hat nicht rechtzeitig geantwortet (%2 s).</translation>
    </message>
    <message>
        <source>The token endpoint at %1 could not be reached. Check the address and the network connection (%2).</source>
        <translation>Der Token-Endpunkt unter %1 ist nicht erreichbar. Prüfen Sie die Adresse und die Netzwerkverbindung (%2).</translation>
    </message>
    <message>
        <source>The token endpoint did not accept the operator key (HTTP %1). Check that it is entered correctly and still valid.</source>
        <translation>Der Token-Endpunkt hat den Mitarbeiterschlüssel nicht akzeptiert (HTTP %1). Prüfen Sie, ob er richtig eingegeben und noch gültig ist.</translation>
    </message>
    <message>
        <source>The token endpoint at %1 answered with an error (HTTP %2). Check the address, or try again later.</source>
        <translation>Der Token-Endpunkt unter %1 hat mit einem Fehler geantwortet (HTTP %2). Prüfen Sie die Adresse oder versuchen Sie es später erneut.</translation>
    </message>
    <message>
        <source>The token command failed (%1).</source>
        <translation>Der Token-Befehl ist fehlgeschlagen (%1).</translation>
    </message>
    <message>
        <source>The token command ran but did not print a usable token (%1).</source>
        <translation>Der Token-Befehl wurde ausgeführt, hat aber kein verwendbares Token ausgegeben (%1).</translation>
    </message>
    <message>
        <source>The token endpoint answered but not with a usable token (%1).</source>
        <translation>Der Token-Endpunkt hat geantwortet, aber kein verwendbares Token geliefert (%1).</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Wird verbunden…</translation>
    </message>
    <message>
        <source>The connection to the service was lost. Try again.</source>
        <translation>Die Verbindung zum Dienst wurde unterbrochen. Versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>The service ended the connection. Try again.</source>
        <translation>Der Dienst hat die Verbindung beendet. Versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>Signed in, but the service could not list the phone numbers (%1).</source>
        <translation>Angemeldet, aber der Dienst konnte die Rufnummern nicht auflisten (%1).</translation>
    </message>
    <message>
        <source>Signed in. Phone numbers available to you: %1.</source>
        <translation>Angemeldet. Für Sie verfügbare Rufnummern: %1.</translation>
    </message>
    <message>
        <source>The Audin service at %1 did not answer in time (%2 s).</source>
        <translation>Der Audin-Dienst unter %1 hat nicht rechtzeitig geantwortet (%2 s).</translation>
    </message>
    <message>
        <source>The service did not accept the token from your token source: it may be expired or meant for another service. Contact your administrator.</source>
        <translation>Der Dienst hat das Token Ihrer Token-Quelle nicht akzeptiert: Es ist möglicherweise abgelaufen oder für einen anderen Dienst bestimmt. Wenden Sie sich an Ihre IT-Administration.</translation>
    </message>
    <message>
        <source>Your operator account or your company&apos;s account is disabled. Contact your administrator.</source>
        <translation>Ihr Mitarbeiterkonto oder das Konto Ihres Unternehmens ist deaktiviert. Wenden Sie sich an Ihre IT-Administration.</translation>
    </message>
    <message>
        <source>This operator signed in somewhere else at the same moment. Try again.</source>
        <translation>Dieses Mitarbeiterkonto wurde im selben Moment an anderer Stelle angemeldet. Versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>The service closed the connection (code %1). Try again later.</source>
        <translation>Der Dienst hat die Verbindung geschlossen (Code %1). Versuchen Sie es später erneut.</translation>
    </message>
    <message>
        <source>The secure connection to the Audin service at %1 failed: its certificate was not accepted (%2).</source>
        <translation>Die sichere Verbindung zum Audin-Dienst unter %1 ist fehlgeschlagen: Das Zertifikat des Dienstes wurde nicht akzeptiert (%2).</translation>
    </message>
    <message>
        <source>The Audin service at %1 could not be reached. Check the address and the network connection (%2).</source>
        <translation>Der Audin-Dienst unter %1 ist nicht erreichbar. Prüfen Sie die Adresse und die Netzwerkverbindung (%2).</translation>
    </message>
    <message>
        <source>The service reported a problem (%1). Try again later.</source>
        <translation>Der Dienst hat ein Problem gemeldet (%1). Versuchen Sie es später erneut.</translation>
    </message>
</context>
<context>
    <name>audin::gui::ActiveCallPanel</name>
    <message>
        <source>Long delay on the line: you may talk over each other.</source>
        <translation>Große Verzögerung auf der Leitung: Möglicherweise sprechen Sie gleichzeitig.</translation>
    </message>
    <message>
        <source>Unsteady connection: the audio may break up.</source>
        <translation>Instabile Verbindung: Der Ton kann aussetzen.</translation>
    </message>
    <message>
        <source>Audio is being lost on the way.</source>
        <translation>Auf dem Übertragungsweg gehen Audiodaten verloren.</translation>
    </message>
    <message>
        <source>Poor call quality.</source>
        <translation>Schlechte Anrufqualität.</translation>
    </message>
    <message>
        <source>Your microphone seems silent: the other side may hear nothing.</source>
        <translation>Ihr Mikrofon scheint stumm zu sein: Die Gegenseite hört möglicherweise nichts.</translation>
    </message>
    <message>
        <source>Call quality problem (%1).</source>
        <translation>Problem mit der Anrufqualität (%1).</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>Systemstandard</translation>
    </message>
    <message>
        <source>Keys you press are sent as tones. (The service does not pass them on to the other side yet.)</source>
        <translation>Gedrückte Tasten werden als Tastentöne gesendet. (Der Dienst leitet sie noch nicht an die Gegenseite weiter.)</translation>
    </message>
    <message>
        <source>Keys sent: %1</source>
        <translation>Gesendete Tasten: %1</translation>
    </message>
    <message>
        <source>In use: %1 · %2</source>
        <translation>In Verwendung: %1 · %2</translation>
    </message>
    <message>
        <source>Unknown number</source>
        <translation>Unbekannte Nummer</translation>
    </message>
    <message>
        <source>Incoming call on %1</source>
        <translation>Eingehender Anruf auf %1</translation>
    </message>
    <message>
        <source>Outgoing call from %1</source>
        <translation>Ausgehender Anruf von %1</translation>
    </message>
    <message>
        <source>Ringing…</source>
        <translation>Es klingelt…</translation>
    </message>
    <message>
        <source>Calling…</source>
        <translation>Anruf wird aufgebaut…</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Wird verbunden…</translation>
    </message>
    <message>
        <source>Reconnecting audio…</source>
        <translation>Audio wird neu verbunden…</translation>
    </message>
    <message>
        <source>Talking · muted</source>
        <translation>Im Gespräch · stummgeschaltet</translation>
    </message>
    <message>
        <source>Talking</source>
        <translation>Im Gespräch</translation>
    </message>
    <message>
        <source>Ended</source>
        <translation>Beendet</translation>
    </message>
    <message>
        <source>Un&amp;mute</source>
        <translation>Stu&amp;mmschaltung aufheben</translation>
    </message>
    <message>
        <source>&amp;Mute</source>
        <translation>Stu&amp;mmschalten</translation>
    </message>
</context>
<context>
    <name>audin::gui::CallShortcuts</name>
    <message>
        <source>&quot;%1&quot; is not a key combination.</source>
        <translation>„%1“ ist keine Tastenkombination.</translation>
    </message>
    <message>
        <source>The key could not be used.</source>
        <translation>Die Taste konnte nicht verwendet werden.</translation>
    </message>
</context>
<context>
    <name>audin::gui::DesktopApp</name>
    <message>
        <source>The call history could not be opened, so calls are not recorded: %1</source>
        <translation>Die Anrufliste konnte nicht geöffnet werden, daher werden keine Anrufe aufgezeichnet: %1</translation>
    </message>
    <message>
        <source>%1 will be called as soon as you are connected.</source>
        <translation>%1 wird angerufen, sobald Sie verbunden sind.</translation>
    </message>
    <message>
        <source>Quit Audin Softphone?</source>
        <translation>Audin Softphone beenden?</translation>
    </message>
    <message>
        <source>Quitting ends the call in progress.</source>
        <translation>Dabei wird der laufende Anruf beendet.</translation>
    </message>
    <message>
        <source>System-wide shortcut “%1”: %2 Choose another key in Settings › Calls.</source>
        <translation>Systemweites Tastenkürzel „%1“: %2 Wählen Sie unter Einstellungen › Anrufe eine andere Taste.</translation>
    </message>
    <message numerus="yes">
        <source>%n call(s) were still going on when the softphone last stopped unexpectedly; History lists them as interrupted.</source>
        <translation>
            <numerusform>%n Anruf lief noch, als das Softphone zuletzt unerwartet beendet wurde; der Verlauf führt ihn als unterbrochen.</numerusform>
            <numerusform>%n Anrufe liefen noch, als das Softphone zuletzt unerwartet beendet wurde; der Verlauf führt sie als unterbrochen.</numerusform>
        </translation>
    </message>
    <message>
        <source>Call history: %1</source>
        <translation>Anrufliste: %1</translation>
    </message>
    <message>
        <source>The extra certificate authorities set by your administrator cannot be used (%1), so connections that need them will be refused. Contact your administrator.</source>
        <translation>Die von Ihrem Administrator festgelegten zusätzlichen Zertifizierungsstellen können nicht verwendet werden (%1); Verbindungen, die sie benötigen, werden abgelehnt. Wenden Sie sich an Ihren Administrator.</translation>
    </message>
</context>
<context>
    <name>audin::gui::DialpadPanel</name>
    <message>
        <source>Your numbers appear once connected</source>
        <translation>Ihre Nummern erscheinen nach dem Verbinden</translation>
    </message>
    <message>
        <source>Will call %1</source>
        <translation>Anruf an %1</translation>
    </message>
    <message>
        <source>Type or paste a number to call.</source>
        <translation>Geben Sie die zu wählende Nummer ein oder fügen Sie sie ein.</translation>
    </message>
    <message>
        <source>Choose the caller ID: one of your numbers (they appear once you are connected).</source>
        <translation>Legen Sie die Absendernummer fest: eine Ihrer Nummern (sie erscheinen, sobald Sie verbunden sind).</translation>
    </message>
</context>
<context>
    <name>audin::gui::GlobalShortcuts</name>
    <message>
        <source>This build of Audin cannot use system-wide shortcuts on X11 (it was built without libxcb-keysyms).</source>
        <translation>Dieser Build von Audin kann unter X11 keine systemweiten Tastenkürzel verwenden (er wurde ohne libxcb-keysyms gebaut).</translation>
    </message>
    <message>
        <source>This desktop (Wayland) does not let applications use system-wide shortcuts.</source>
        <translation>Diese Arbeitsumgebung (Wayland) erlaubt Anwendungen keine systemweiten Tastenkürzel.</translation>
    </message>
    <message>
        <source>This platform (%1) does not let applications use system-wide shortcuts.</source>
        <translation>Diese Plattform (%1) erlaubt Anwendungen keine systemweiten Tastenkürzel.</translation>
    </message>
    <message>
        <source>Answer the ringing call</source>
        <translation>Klingelnden Anruf annehmen</translation>
    </message>
    <message>
        <source>Decline the ringing call</source>
        <translation>Klingelnden Anruf ablehnen</translation>
    </message>
    <message>
        <source>Hang up</source>
        <translation>Auflegen</translation>
    </message>
    <message>
        <source>Mute or unmute the microphone</source>
        <translation>Mikrofon stumm schalten oder wieder einschalten</translation>
    </message>
    <message>
        <source>Answer or hang up</source>
        <translation>Annehmen oder auflegen</translation>
    </message>
    <message>
        <source>Silence the ringer</source>
        <translation>Klingelton stumm schalten</translation>
    </message>
    <message>
        <source>%1 is more than one key combination; a system-wide shortcut must be a single combination such as Ctrl+Alt+A.</source>
        <translation>%1 besteht aus mehr als einer Tastenkombination; ein systemweites Tastenkürzel muss eine einzelne Kombination wie Ctrl+Alt+A sein.</translation>
    </message>
    <message>
        <source>%1 needs Ctrl, Alt or Meta: on its own it would take the key away from every other application.</source>
        <translation>%1 braucht Ctrl, Alt oder Meta: allein würde die Taste allen anderen Anwendungen weggenommen.</translation>
    </message>
    <message>
        <source>%1 is already used by another application.</source>
        <translation>%1 wird bereits von einer anderen Anwendung verwendet.</translation>
    </message>
    <message>
        <source>%1 cannot be used as a system-wide shortcut.</source>
        <translation>%1 kann nicht als systemweites Tastenkürzel verwendet werden.</translation>
    </message>
    <message>
        <source>%1 cannot be used as a system-wide shortcut: that key is not on this keyboard.</source>
        <translation>%1 kann nicht als systemweites Tastenkürzel verwendet werden: Diese Taste gibt es auf dieser Tastatur nicht.</translation>
    </message>
    <message>
        <source>%1 is already the shortcut for “%2”.</source>
        <translation>%1 ist bereits das Tastenkürzel für „%2“.</translation>
    </message>
    <message>
        <source>%1 could not be set up as a system-wide shortcut (%2).</source>
        <translation>%1 konnte nicht als systemweites Tastenkürzel eingerichtet werden (%2).</translation>
    </message>
</context>
<context>
    <name>audin::gui::HistoryPanel</name>
    <message>
        <source>All calls</source>
        <translation>Alle Anrufe</translation>
    </message>
    <message>
        <source>Missed</source>
        <translation>Verpasst</translation>
    </message>
    <message>
        <source>Incoming</source>
        <translation>Eingehend</translation>
    </message>
    <message>
        <source>Outgoing</source>
        <translation>Ausgehend</translation>
    </message>
    <message>
        <source>call-history-%1.csv</source>
        <translation>anrufliste-%1.csv</translation>
    </message>
    <message>
        <source>Export call history</source>
        <translation>Anrufliste exportieren</translation>
    </message>
    <message>
        <source>CSV files (*.csv);;All files (*)</source>
        <translation>CSV-Dateien (*.csv);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>The call history could not be opened; calls are not being recorded.</source>
        <translation>Die Anrufliste konnte nicht geöffnet werden; Anrufe werden nicht aufgezeichnet.</translation>
    </message>
    <message>
        <source>1 call</source>
        <translation>1 Anruf</translation>
    </message>
    <message>
        <source>%1 calls</source>
        <translation>%1 Anrufe</translation>
    </message>
    <message>
        <source>The call history could not be exported: %1</source>
        <translation>Die Anrufliste konnte nicht exportiert werden: %1</translation>
    </message>
    <message>
        <source>Exported 1 call to %1.</source>
        <translation>1 Anruf nach %1 exportiert.</translation>
    </message>
    <message>
        <source>Exported %1 calls to %2.</source>
        <translation>%1 Anrufe nach %2 exportiert.</translation>
    </message>
</context>
<context>
    <name>audin::gui::IncomingCallPopup</name>
    <message>
        <source>Incoming call</source>
        <translation>Eingehender Anruf</translation>
    </message>
    <message>
        <source>Unknown number</source>
        <translation>Unbekannte Nummer</translation>
    </message>
    <message>
        <source>to %1</source>
        <translation>an %1</translation>
    </message>
    <message>
        <source>Call waiting</source>
        <translation>Anklopfender Anruf</translation>
    </message>
    <message>
        <source>End call &amp;&amp; &amp;accept</source>
        <translation>Auflegen &amp;&amp; &amp;annehmen</translation>
    </message>
    <message>
        <source>Ringing for %1:%2</source>
        <translation>Klingelt seit %1:%2</translation>
    </message>
    <message>
        <source>Silenced</source>
        <translation>Stumm</translation>
    </message>
    <message>
        <source>&amp;Silence</source>
        <translation>&amp;Stumm</translation>
    </message>
    <message>
        <source>%1 is calling %2</source>
        <translation>%1 ruft %2 an</translation>
    </message>
</context>
<context>
    <name>audin::gui::MacGlobalShortcuts</name>
    <message>
        <source>System-wide shortcuts are not available (macOS error %1).</source>
        <translation>Systemweite Tastenkürzel sind nicht verfügbar (macOS-Fehler %1).</translation>
    </message>
</context>
<context>
    <name>audin::gui::MainWindow</name>
    <message>
        <source>Calls</source>
        <translation>Anrufe</translation>
    </message>
    <message>
        <source>Numbers</source>
        <translation>Nummern</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Anrufliste</translation>
    </message>
    <message>
        <source>Go &amp;offline</source>
        <translation>&amp;Offline gehen</translation>
    </message>
    <message>
        <source>Go &amp;online</source>
        <translation>&amp;Online gehen</translation>
    </message>
    <message>
        <source>About Audin Softphone</source>
        <translation>Über Audin Softphone</translation>
    </message>
    <message>
        <source>&lt;b&gt;Audin Softphone %1&lt;/b&gt;&lt;p&gt;Take and make calls on your company&apos;s phone numbers.&lt;/p&gt;</source>
        <translation>&lt;b&gt;Audin Softphone %1&lt;/b&gt;&lt;p&gt;Anrufe über die Rufnummern Ihres Unternehmens annehmen und tätigen.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Finish the current call before calling %1.</source>
        <translation>Beenden Sie den aktuellen Anruf, bevor Sie %1 anrufen.</translation>
    </message>
    <message>
        <source>History (%1 missed)</source>
        <translation>Anrufliste (%1 verpasst)</translation>
    </message>
    <message>
        <source>Audin Softphone is still running</source>
        <translation>Audin Softphone läuft weiter</translation>
    </message>
    <message>
        <source>Calls still ring while the window is closed. Quit from the tray icon&apos;s menu.</source>
        <translation>Anrufe klingeln weiterhin, auch wenn das Fenster geschlossen ist. Zum Beenden verwenden Sie das Menü des Symbols im Infobereich.</translation>
    </message>
</context>
<context>
    <name>audin::gui::MessageBanner</name>
    <message>
        <source>Message</source>
        <translation>Meldung</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Dismiss message</source>
        <translation>Meldung schließen</translation>
    </message>
</context>
<context>
    <name>audin::gui::NumbersPanel</name>
    <message>
        <source>(no name)</source>
        <translation>(kein Name)</translation>
    </message>
    <message>
        <source>Your numbers appear here once you are connected to the service.</source>
        <translation>Ihre Nummern erscheinen hier, sobald Sie mit dem Dienst verbunden sind.</translation>
    </message>
    <message>
        <source>Tick the numbers you take calls on. Changes apply at once while you are online.</source>
        <translation>Markieren Sie die Nummern, auf denen Sie Anrufe annehmen. Änderungen gelten sofort, während Sie online sind.</translation>
    </message>
    <message>
        <source>Taking calls</source>
        <translation>Anrufannahme aktiv</translation>
    </message>
    <message>
        <source>Refused by the service</source>
        <translation>Vom Dienst abgelehnt</translation>
    </message>
    <message>
        <source>Waiting for the service…</source>
        <translation>Warten auf den Dienst…</translation>
    </message>
</context>
<context>
    <name>audin::gui::PortalGlobalShortcuts</name>
    <message>
        <source>This desktop (Wayland) does not let applications use system-wide shortcuts: there is no D-Bus session to reach its portal.</source>
        <translation>Diese Arbeitsumgebung (Wayland) erlaubt Anwendungen keine systemweiten Tastenkürzel: Es gibt keine D-Bus-Sitzung, über die ihr Portal erreichbar wäre.</translation>
    </message>
    <message>
        <source>Checking whether this desktop offers system-wide shortcuts…</source>
        <translation>Es wird geprüft, ob diese Arbeitsumgebung systemweite Tastenkürzel anbietet…</translation>
    </message>
    <message>
        <source>This desktop (Wayland) does not let applications use system-wide shortcuts: its xdg-desktop-portal has no GlobalShortcuts interface.</source>
        <translation>Diese Arbeitsumgebung (Wayland) erlaubt Anwendungen keine systemweiten Tastenkürzel: Ihr xdg-desktop-portal hat keine GlobalShortcuts-Schnittstelle.</translation>
    </message>
    <message>
        <source>This desktop (Wayland) does not let applications use system-wide shortcuts: xdg-desktop-portal is not available.</source>
        <translation>Diese Arbeitsumgebung (Wayland) erlaubt Anwendungen keine systemweiten Tastenkürzel: xdg-desktop-portal ist nicht verfügbar.</translation>
    </message>
    <message>
        <source>the desktop did not open a session</source>
        <translation>die Arbeitsumgebung hat keine Sitzung geöffnet</translation>
    </message>
    <message>
        <source>the desktop did not accept the shortcut</source>
        <translation>die Arbeitsumgebung hat das Tastenkürzel nicht angenommen</translation>
    </message>
</context>
<context>
    <name>audin::gui::PresenceBar</name>
    <message>
        <source>Signed out</source>
        <translation>Abgemeldet</translation>
    </message>
    <message>
        <source>Sign in to take calls</source>
        <translation>Melden Sie sich an, um Anrufe anzunehmen</translation>
    </message>
    <message>
        <source>Next try in %1 s</source>
        <translation>Nächster Versuch in %1 s</translation>
    </message>
    <message>
        <source>Trying again…</source>
        <translation>Neuer Versuch…</translation>
    </message>
    <message>
        <source>Connecting to the service…</source>
        <translation>Verbindung zum Dienst wird hergestellt…</translation>
    </message>
    <message>
        <source>Not taking calls</source>
        <translation>Keine Anrufannahme</translation>
    </message>
    <message>
        <source>Do not disturb: new calls go to colleagues</source>
        <translation>Nicht stören: Neue Anrufe gehen an andere Teammitglieder</translation>
    </message>
    <message>
        <source>Taking calls on 1 number</source>
        <translation>Anrufannahme auf 1 Nummer</translation>
    </message>
    <message>
        <source>Taking calls on %1 numbers</source>
        <translation>Anrufannahme auf %1 Nummern</translation>
    </message>
    <message>
        <source>Going online…</source>
        <translation>Wird online geschaltet…</translation>
    </message>
    <message>
        <source>The service accepted none of your numbers</source>
        <translation>Der Dienst hat keine Ihrer Nummern akzeptiert</translation>
    </message>
    <message>
        <source>Go offline</source>
        <translation>Offline gehen</translation>
    </message>
    <message>
        <source>Go online</source>
        <translation>Online gehen</translation>
    </message>
    <message>
        <source>Going online as soon as the service answers</source>
        <translation>Geht online, sobald der Dienst antwortet</translation>
    </message>
</context>
<context>
    <name>audin::gui::QualityBars</name>
    <message>
        <source>Call quality</source>
        <translation>Anrufqualität</translation>
    </message>
    <message>
        <source>not measured yet</source>
        <translation>noch nicht gemessen</translation>
    </message>
    <message>
        <source>poor</source>
        <translation>schlecht</translation>
    </message>
    <message>
        <source>fair</source>
        <translation>mäßig</translation>
    </message>
    <message>
        <source>good</source>
        <translation>gut</translation>
    </message>
    <message>
        <source>excellent</source>
        <translation>ausgezeichnet</translation>
    </message>
    <message>
        <source>Call quality: not measured yet</source>
        <translation>Anrufqualität: noch nicht gemessen</translation>
    </message>
    <message>
        <source>Call quality: %1 (MOS %2)</source>
        <translation>Anrufqualität: %1 (MOS %2)</translation>
    </message>
</context>
<context>
    <name>audin::gui::RingingStrip</name>
    <message>
        <source>%1 is calling %2</source>
        <translation>%1 ruft %2 an</translation>
    </message>
    <message>
        <source>An unknown number</source>
        <translation>Eine unbekannte Nummer</translation>
    </message>
    <message numerus="yes">
        <source>(%n more ringing)</source>
        <translation>
            <numerusform>(%n weiterer klingelt)</numerusform>
            <numerusform>(%n weitere klingeln)</numerusform>
        </translation>
    </message>
    <message>
        <source>End call &amp;&amp; a&amp;nswer</source>
        <translation>Anruf beenden &amp;&amp; an&amp;nehmen</translation>
    </message>
    <message>
        <source>A&amp;nswer</source>
        <translation>An&amp;nehmen</translation>
    </message>
    <message>
        <source>Silenced</source>
        <translation>Stumm</translation>
    </message>
    <message>
        <source>&amp;Silence</source>
        <translation>&amp;Stumm</translation>
    </message>
</context>
<context>
    <name>audin::gui::SettingsDialog</name>
    <message>
        <source>%1 (not connected)</source>
        <translation>%1 (nicht verbunden)</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>Systemstandard</translation>
    </message>
    <message>
        <source>Automatic (from the caller ID, else the system)</source>
        <translation>Automatisch (aus der Absendernummer, sonst vom System)</translation>
    </message>
    <message>
        <source>A new language is used from the next start.</source>
        <translation>Eine neue Sprache wird ab dem nächsten Start verwendet.</translation>
    </message>
    <message>
        <source>Same as the speaker</source>
        <translation>Wie der Lautsprecher</translation>
    </message>
    <message>
        <source>Set by your administrator</source>
        <translation>Von Ihrer IT-Administration festgelegt</translation>
    </message>
    <message>
        <source>This softphone signs in with settings from its environment, set by your administrator.</source>
        <translation>Dieses Softphone meldet sich mit Einstellungen aus seiner Umgebung an, die Ihre IT-Administration festgelegt hat.</translation>
    </message>
    <message>
        <source>You are not signed in.</source>
        <translation>Sie sind nicht angemeldet.</translation>
    </message>
    <message>
        <source>a token command</source>
        <translation>einem Token-Befehl</translation>
    </message>
    <message>
        <source>the token address %1 and your operator key (kept in the system keychain)</source>
        <translation>der Token-Adresse %1 und Ihrem Mitarbeiterschlüssel (im Schlüsselbund des Systems gespeichert)</translation>
    </message>
    <message>
        <source>Signed in to %1 with %2.</source>
        <translation>Angemeldet bei %1 mit %2.</translation>
    </message>
    <message>
        <source>Opened in your browser when you answer a call. Placeholders: %1</source>
        <translation>Wird in Ihrem Browser geöffnet, wenn Sie einen Anruf annehmen. Platzhalter: %1</translation>
    </message>
    <message>
        <source>The screen-pop address cannot be saved: %1</source>
        <translation>Die Screen-Pop-Adresse kann nicht gespeichert werden: %1</translation>
    </message>
    <message>
        <source>Start at login could not be changed: %1</source>
        <translation>Der Autostart bei der Anmeldung konnte nicht geändert werden: %1</translation>
    </message>
</context>
<context>
    <name>audin::gui::ShortcutsPanel</name>
    <message>
        <source>System-wide shortcuts (work in every application)</source>
        <translation>Systemweite Tastenkürzel (wirken in jeder Anwendung)</translation>
    </message>
    <message>
        <source>Set by your administrator</source>
        <translation>Von Ihrer IT-Administration festgelegt</translation>
    </message>
    <message>
        <source>Press a key combination with Ctrl, Alt or Meta; it answers, hangs up or mutes while you work in another application.</source>
        <translation>Drücken Sie eine Tastenkombination mit Ctrl, Alt oder Meta; sie nimmt an, legt auf oder schaltet stumm, während Sie in einer anderen Anwendung arbeiten.</translation>
    </message>
    <message>
        <source>This desktop does not let applications use system-wide shortcuts.</source>
        <translation>Diese Arbeitsumgebung erlaubt Anwendungen keine systemweiten Tastenkürzel.</translation>
    </message>
    <message>
        <source>%1 is also the key for “%2”.</source>
        <translation>%1 ist auch die Taste für „%2“.</translation>
    </message>
    <message>
        <source>The shortcut for “%1” cannot be saved: %2</source>
        <translation>Das Tastenkürzel für „%1“ kann nicht gespeichert werden: %2</translation>
    </message>
</context>
<context>
    <name>audin::gui::SignInDialog</name>
    <message>
        <source>&amp;Sign in</source>
        <translation>&amp;Anmelden</translation>
    </message>
    <message>
        <source>Sign in with the details your administrator gave you.</source>
        <translation>Melden Sie sich mit den Zugangsdaten an, die Sie von Ihrer IT-Administration erhalten haben.</translation>
    </message>
    <message>
        <source>Set by your administrator</source>
        <translation>Von Ihrer IT-Administration festgelegt</translation>
    </message>
</context>
<context>
    <name>audin::gui::TrayController</name>
    <message>
        <source>&amp;Show Audin Softphone</source>
        <translation>Audin Softphone an&amp;zeigen</translation>
    </message>
    <message>
        <source>Go &amp;online</source>
        <translation>&amp;Online gehen</translation>
    </message>
    <message>
        <source>&amp;Do not disturb</source>
        <translation>&amp;Nicht stören</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>Audin Softphone: %1</source>
        <translation>Audin Softphone: %1</translation>
    </message>
    <message>
        <source>Do not disturb</source>
        <translation>Nicht stören</translation>
    </message>
    <message>
        <source>Taking calls on 1 number</source>
        <translation>Anrufannahme auf 1 Nummer</translation>
    </message>
    <message>
        <source>Taking calls on %1 numbers</source>
        <translation>Anrufannahme auf %1 Nummern</translation>
    </message>
    <message>
        <source>Not taking calls</source>
        <translation>Keine Anrufannahme</translation>
    </message>
    <message>
        <source>1 missed call</source>
        <translation>1 verpasster Anruf</translation>
    </message>
    <message>
        <source>%1 missed calls</source>
        <translation>%1 verpasste Anrufe</translation>
    </message>
    <message>
        <source>Go &amp;offline</source>
        <translation>&amp;Offline gehen</translation>
    </message>
    <message>
        <source>&amp;Answer</source>
        <translation>&amp;Annehmen</translation>
    </message>
    <message>
        <source>D&amp;ecline</source>
        <translation>Ab&amp;lehnen</translation>
    </message>
    <message>
        <source>&amp;Silence ringer</source>
        <translation>Klingelton &amp;stumm</translation>
    </message>
    <message>
        <source>Incoming call from %1</source>
        <translation>Eingehender Anruf von %1</translation>
    </message>
    <message>
        <source>an unknown number</source>
        <translation>einer unbekannten Nummer</translation>
    </message>
</context>
<context>
    <name>audin::gui::X11GlobalShortcuts</name>
    <message>
        <source>System-wide shortcuts for X11 need the application to run on X11.</source>
        <translation>Systemweite Tastenkürzel für X11 erfordern, dass die Anwendung unter X11 läuft.</translation>
    </message>
</context>
<context>
    <name>audin::media</name>
    <message>
        <source>The sound file cannot be read: %1</source>
        <translation>Die Tondatei kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>The sound file has an unusable format: %1</source>
        <translation>Die Tondatei hat ein nicht verwendbares Format: %1</translation>
    </message>
</context>
<context>
    <name>audin::media::LevelMonitor</name>
    <message>
        <source>No microphone is available.</source>
        <translation>Es ist kein Mikrofon verfügbar.</translation>
    </message>
    <message>
        <source>The microphone level cannot be shown (%1).</source>
        <translation>Der Mikrofonpegel kann nicht angezeigt werden (%1).</translation>
    </message>
</context>
<context>
    <name>audin::media::QtAudioBackend</name>
    <message>
        <source>no usable audio device</source>
        <translation>kein verwendbares Audiogerät</translation>
    </message>
    <message>
        <source>No microphone is available.</source>
        <translation>Es ist kein Mikrofon verfügbar.</translation>
    </message>
    <message>
        <source>The microphone &quot;%1&quot; is not available; using &quot;%2&quot; instead.</source>
        <translation>Das Mikrofon „%1“ ist nicht verfügbar; stattdessen wird „%2“ verwendet.</translation>
    </message>
    <message>
        <source>The microphone &quot;%1&quot; is not available.</source>
        <translation>Das Mikrofon „%1“ ist nicht verfügbar.</translation>
    </message>
    <message>
        <source>The microphone &quot;%1&quot; could not be opened; using &quot;%2&quot; instead.</source>
        <translation>Das Mikrofon „%1“ konnte nicht geöffnet werden; stattdessen wird „%2“ verwendet.</translation>
    </message>
    <message>
        <source>The microphone &quot;%1&quot; could not be opened.</source>
        <translation>Das Mikrofon „%1“ konnte nicht geöffnet werden.</translation>
    </message>
    <message>
        <source>The microphone &quot;%1&quot; stopped working.</source>
        <translation>Das Mikrofon „%1“ funktioniert nicht mehr.</translation>
    </message>
    <message>
        <source>No speaker or headset is available.</source>
        <translation>Es ist weder ein Lautsprecher noch ein Headset verfügbar.</translation>
    </message>
    <message>
        <source>The speaker &quot;%1&quot; is not available; using &quot;%2&quot; instead.</source>
        <translation>Der Lautsprecher „%1“ ist nicht verfügbar; stattdessen wird „%2“ verwendet.</translation>
    </message>
    <message>
        <source>The speaker &quot;%1&quot; is not available.</source>
        <translation>Der Lautsprecher „%1“ ist nicht verfügbar.</translation>
    </message>
    <message>
        <source>The speaker &quot;%1&quot; could not be opened; using &quot;%2&quot; instead.</source>
        <translation>Der Lautsprecher „%1“ konnte nicht geöffnet werden; stattdessen wird „%2“ verwendet.</translation>
    </message>
    <message>
        <source>The speaker &quot;%1&quot; could not be opened.</source>
        <translation>Der Lautsprecher „%1“ konnte nicht geöffnet werden.</translation>
    </message>
    <message>
        <source>The speaker &quot;%1&quot; stopped working.</source>
        <translation>Der Lautsprecher „%1“ funktioniert nicht mehr.</translation>
    </message>
</context>
<context>
    <name>audin::media::TonePlayer</name>
    <message>
        <source>No audio output is available.</source>
        <translation>Es ist keine Audioausgabe verfügbar.</translation>
    </message>
    <message>
        <source>The sound could not be played (%1).</source>
        <translation>Der Ton konnte nicht wiedergegeben werden (%1).</translation>
    </message>
</context>
</TS>
