// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "GlobalShortcuts.h"

#include <QAbstractNativeEventFilter>
#include <QList>
#include <QMap>
#include <memory>

struct xcb_connection_t;
struct _XCBKeySymbols; // xcb_key_symbols_t

namespace audin::gui {

/**
 * System-wide shortcuts on X11, through xcb on the application's own connection: a passive grab of the
 * key on the root window for each combination of Caps Lock and Num Lock (so neither disables the shortcut),
 * the presses picked out of Qt's event stream by a native event filter. A grab another client already holds
 * fails with BadAccess: that is how a key taken by another program is recognised. bind() and the destructor
 * return once the server has made the change, so a released key is free for others at once. The grabs follow
 * changes of the keyboard mapping.
 */
class X11GlobalShortcuts : public GlobalShortcuts, private QAbstractNativeEventFilter
{
    Q_OBJECT
public:
    /** Uses qGuiApp's X11 connection; without one (another platform) nothing is supported. */
    explicit X11GlobalShortcuts(QObject *parent = nullptr);
    ~X11GlobalShortcuts() override;

    bool isSupported() const override;
    QString unsupportedReason() const override;
    bool bind(Action action, const QKeySequence &key, QString *error) override;
    QKeySequence binding(Action action) const override;

signals:
    /** The grabs moved to other keycodes after the keyboard mapping changed. */
    void grabsUpdated();

private:
    /** One bound key: the symbol, its modifiers, and the keycodes that produce it on the current keymap. */
    struct Grab
    {
        quint32 keysym = 0;
        quint16 modifiers = 0;
        quint16 numLock = 0; ///< the Num Lock modifier the grabs were made with
        QList<quint8> keycodes;
    };
    struct Binding
    {
        QKeySequence key;
        Grab grab;
    };
    struct KeySymbolsDeleter
    {
        void operator()(_XCBKeySymbols *symbols) const;
    };
    struct KeyEvent
    {
        quint8 keycode = 0;
        quint32 time = 0;
    };

    bool nativeEventFilter(const QByteArray &eventType, void *message, qintptr *result) override;
    bool handleKey(bool press, quint8 keycode, quint16 state, quint32 window, quint32 time);
    QList<quint8> keycodesFor(quint32 keysym) const;
    quint16 findNumLockMask() const;
    /** 0 when every grab of `grab` succeeded, else the X error code of one that failed (none is kept then). */
    int grabKeys(const Grab &grab);
    /** Releases `grab`, except the keys `keep` holds with the same modifiers. */
    void ungrabKeys(const Grab &grab, const Grab *keep = nullptr);
    QString grabError(const QKeySequence &key, int xError) const;
    void sync();
    void scheduleRegrab();
    void regrabAll();

    xcb_connection_t *m_connection = nullptr;
    quint32 m_root = 0;
    quint8 m_xkbEventBase = 0; ///< 0 when the server has no XKB
    quint16 m_numLock = 0;
    std::unique_ptr<_XCBKeySymbols, KeySymbolsDeleter> m_keySymbols;
    QMap<Action, Binding> m_bindings;
    bool m_regrabPending = false;
    KeyEvent m_held; ///< the bound key that is down, for telling auto-repeat from a new press
    KeyEvent m_lastRelease;
};

} // namespace audin::gui
