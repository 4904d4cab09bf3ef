// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QKeySequence>
#include <QObject>
#include <QString>
#include <memory>

namespace audin::gui {

/**
 * System-wide shortcuts: keys that answer, hang up or mute while another application has the focus.
 * One implementation per windowing system (X11 key grabs, the Wayland portal, Windows hot keys, Carbon hot
 * keys); create() picks the one for the running platform. Every action has at most one key combination.
 *
 * Objects live on the GUI thread. The keys are released when the object is destroyed.
 */
class GlobalShortcuts : public QObject
{
    Q_OBJECT
public:
    /** What a shortcut does. The order is stable: settings may store the names (QMetaEnum keys). */
    enum class Action
    {
        Answer,
        Decline,
        HangUp,
        ToggleMute,
        AnswerOrHangUp,
        SilenceRinger
    };
    Q_ENUM(Action)
    static constexpr int ActionCount = int(Action::SilenceRinger) + 1;

    ~GlobalShortcuts() override;

    /**
     * The implementation for QGuiApplication::platformName(): "xcb" → X11, "wayland" → the
     * xdg-desktop-portal GlobalShortcuts interface, "windows" → RegisterHotKey, "cocoa" → Carbon hot
     * keys; any other platform (offscreen, minimal, …) gets one whose bind() fails with the reason.
     * The caller owns the object; a parent, if given, must outlive it.
     */
    static std::unique_ptr<GlobalShortcuts> create(QObject *parent = nullptr);
    /** create() for a given platform name (tests, and callers that know better than the running app). */
    static std::unique_ptr<GlobalShortcuts> createFor(const QString &platformName, QObject *parent = nullptr);

    /** Whether bind() can work here. The portal finds out asynchronously: see supportChanged(). */
    virtual bool isSupported() const = 0;
    /** Why not, in words for the settings page; empty when supported. */
    virtual QString unsupportedReason() const = 0;

    /**
     * Replaces the key of `action`; an empty sequence removes it. Returns false, with a translated
     * message in `error` (may be null), when the key cannot be used: another program holds it, it is
     * more than one combination, it is a typing key without Ctrl, Alt or Meta, it is not on this
     * keyboard, or another action already has it. The previous key then stays bound. Where the desktop
     * decides later (the Wayland portal), true means asked for, and a refusal arrives as bindingFailed().
     */
    virtual bool bind(Action action, const QKeySequence &key, QString *error) = 0;
    /** The key bound to `action`, empty when none. */
    virtual QKeySequence binding(Action action) const = 0;

    /** A short, translated description of `action` ("Answer the ringing call"). */
    static QString actionText(Action action);
    /** The stable, untranslated name of `action` ("Answer"). */
    static QString actionName(Action action);

signals:
    /** A bound key was pressed, whichever application has the focus. */
    void activated(audin::gui::GlobalShortcuts::Action action);
    /** isSupported() or unsupportedReason() changed (the portal's answer arrived). */
    void supportChanged();
    /**
     * A key that bind() accepted stopped working later: the keyboard layout changed and another program
     * holds the key now, or the desktop (portal) refused it. binding(action) is then empty.
     */
    void bindingFailed(audin::gui::GlobalShortcuts::Action action, const QString &error);

protected:
    explicit GlobalShortcuts(QObject *parent = nullptr);

    /**
     * The checks every implementation shares: one combination, no keypad modifier, and Ctrl, Alt or
     * Meta with any key that types (a letter alone would be taken from every other program).
     */
    static bool checkKey(const QKeySequence &key, QString *error);

    static QString keyText(const QKeySequence &key);
    static QString takenError(const QKeySequence &key);
    static QString unusableKeyError(const QKeySequence &key);
    static QString notOnKeyboardError(const QKeySequence &key);
    static QString duplicateError(const QKeySequence &key, Action owner);
    static QString failedError(const QKeySequence &key, const QString &detail);
    static bool fail(QString *error, const QString &message);
};

} // namespace audin::gui
