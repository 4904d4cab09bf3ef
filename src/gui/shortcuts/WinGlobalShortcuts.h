// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "GlobalShortcuts.h"

#include <QAbstractNativeEventFilter>
#include <QMap>

namespace audin::gui {

/**
 * System-wide shortcuts on Windows: RegisterHotKey() for the GUI thread (no window), WM_HOTKEY picked out of
 * the thread's messages by a native event filter. A hot key another program registered fails with
 * ERROR_HOTKEY_ALREADY_REGISTERED. MOD_NOREPEAT keeps a held key from firing again.
 */
class WinGlobalShortcuts : public GlobalShortcuts, private QAbstractNativeEventFilter
{
    Q_OBJECT
public:
    /** Must be created on the GUI thread: hot keys belong to the thread that registers them. */
    explicit WinGlobalShortcuts(QObject *parent = nullptr);
    ~WinGlobalShortcuts() override;

    bool isSupported() const override { return true; }
    QString unsupportedReason() const override { return {}; }
    bool bind(Action action, const QKeySequence &key, QString *error) override;
    QKeySequence binding(Action action) const override;

private:
    struct HotKey
    {
        QKeySequence key;
        int id = 0; ///< RegisterHotKey's id, unique per registration
        unsigned modifiers = 0; ///< MOD_* without MOD_NOREPEAT
        unsigned virtualKey = 0;
    };

    bool nativeEventFilter(const QByteArray &eventType, void *message, qintptr *result) override;
    int nextId();

    QMap<Action, HotKey> m_hotKeys;
    int m_lastId = 0;
};

} // namespace audin::gui
