// SPDX-License-Identifier: GPL-3.0-or-later
#include "CallShortcuts.h"

#include "AppSettings.h"
#include "CallController.h"
#include "DesktopSession.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcShortcuts, "audin.gui.shortcuts")

namespace audin::gui {

using desktop::DesktopSession;
namespace Key = desktop::SettingsKey;

CallShortcuts::CallShortcuts(DesktopSession *session, desktop::AppSettings *settings,
                             std::unique_ptr<GlobalShortcuts> keys, std::unique_ptr<GlobalShortcuts> micMuteKey,
                             QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_settings(settings)
    , m_keys(std::move(keys))
    , m_micMute(std::move(micMuteKey))
{
    connect(m_keys.get(), &GlobalShortcuts::activated, this, &CallShortcuts::trigger);
    connect(m_keys.get(), &GlobalShortcuts::supportChanged, this, &CallShortcuts::apply);
    connect(m_keys.get(), &GlobalShortcuts::bindingFailed, this, &CallShortcuts::setProblem);
    if (m_micMute)
        connect(m_micMute.get(), &GlobalShortcuts::activated, this, &CallShortcuts::trigger);
    connect(settings, &desktop::AppSettings::changed, this, [this](const QString &key) {
        if (key.startsWith(QLatin1String("shortcuts/")))
            apply();
    });
    connect(session, &DesktopSession::currentCallChanged, this, &CallShortcuts::updateMicMuteKey);
    apply();
}

CallShortcuts::~CallShortcuts() = default;

QList<CallShortcuts::Action> CallShortcuts::configurableActions()
{
    return {Action::Answer, Action::Decline, Action::HangUp, Action::ToggleMute, Action::SilenceRinger};
}

const char *CallShortcuts::settingsKey(Action action)
{
    switch (action) {
    case Action::Answer:
        return Key::ShortcutAnswer;
    case Action::Decline:
        return Key::ShortcutDecline;
    case Action::HangUp:
        return Key::ShortcutHangUp;
    case Action::ToggleMute:
        return Key::ShortcutToggleMute;
    case Action::SilenceRinger:
        return Key::ShortcutSilenceRinger;
    case Action::AnswerOrHangUp:
        break;
    }
    return nullptr;
}

bool CallShortcuts::isSupported() const
{
    return m_keys->isSupported();
}

QString CallShortcuts::unsupportedReason() const
{
    return m_keys->unsupportedReason();
}

QString CallShortcuts::problem(Action action) const
{
    return m_problems.value(int(action));
}

bool CallShortcuts::holdsMicMuteKey() const
{
    return m_holdsMicMute;
}

void CallShortcuts::apply()
{
    if (!m_keys->isSupported())
        return; // the settings page says why; nothing to report per key
    // Unbind first, so keys that move from one action to another do not collide on the way.
    const QList<Action> actions = configurableActions();
    for (Action action : actions) {
        const QKeySequence wanted
            = QKeySequence::fromString(m_settings->shortcut(settingsKey(action)), QKeySequence::PortableText);
        if (m_keys->binding(action) != wanted)
            m_keys->bind(action, {}, nullptr);
    }
    for (Action action : actions) {
        const QString text = m_settings->shortcut(settingsKey(action));
        const QKeySequence wanted = QKeySequence::fromString(text, QKeySequence::PortableText);
        QString error;
        if (!text.isEmpty() && wanted.isEmpty())
            error = tr("\"%1\" is not a key combination.").arg(text);
        else if (m_keys->binding(action) != wanted && !m_keys->bind(action, wanted, &error) && error.isEmpty())
            error = tr("The key could not be used.");
        setProblem(action, error);
    }
}

QString CallShortcuts::tryKey(Action action, const QKeySequence &key)
{
    const QKeySequence previous = m_keys->binding(action);
    QString error;
    if (key == previous || key.isEmpty())
        return {};
    if (!m_keys->bind(action, key, &error))
        return error.isEmpty() ? tr("The key could not be used.") : error;
    // Give the old key back until the operator saves.
    m_keys->bind(action, previous, nullptr);
    return {};
}

void CallShortcuts::setProblem(Action action, const QString &text)
{
    if (m_problems.value(int(action)) == text)
        return;
    if (text.isEmpty())
        m_problems.remove(int(action));
    else
        m_problems.insert(int(action), text);
    if (!text.isEmpty())
        qCInfo(lcShortcuts, "shortcut for %s: %s", qPrintable(GlobalShortcuts::actionName(action)), qPrintable(text));
    emit problemChanged(action, text);
}

void CallShortcuts::trigger(Action action)
{
    switch (action) {
    case Action::Answer:
        m_session->answerNewest();
        break;
    case Action::Decline:
        m_session->declineNewest();
        break;
    case Action::HangUp:
        m_session->hangUpCurrent();
        break;
    case Action::ToggleMute:
        m_session->toggleMute();
        break;
    case Action::AnswerOrHangUp:
        m_session->answerOrHangUp();
        break;
    case Action::SilenceRinger:
        m_session->silenceRinger();
        break;
    }
}

void CallShortcuts::updateMicMuteKey()
{
    if (!m_micMute || !m_micMute->isSupported())
        return;
    const bool wanted = m_session->currentCall() != nullptr;
    if (wanted == m_holdsMicMute)
        return;
    // The desktop usually owns this key (it mutes the system microphone, which also silences the
    // call); when it does, binding fails quietly and the desktop's mute goes on working.
    if (wanted) {
        QString error;
        m_holdsMicMute = m_micMute->bind(Action::ToggleMute, QKeySequence(Qt::Key_MicMute), &error);
        if (!m_holdsMicMute)
            qCInfo(lcShortcuts, "microphone-mute key left to the desktop: %s", qPrintable(error));
    } else {
        m_micMute->bind(Action::ToggleMute, {}, nullptr);
        m_holdsMicMute = false;
    }
}

} // namespace audin::gui
