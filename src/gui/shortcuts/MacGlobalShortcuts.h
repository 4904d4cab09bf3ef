// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "GlobalShortcuts.h"

#include <QMap>

// Carbon's opaque handles (EventHandlerRef, EventHotKeyRef), so that this header needs no Carbon.
struct OpaqueEventHandlerRef;
struct OpaqueEventHotKeyRef;

namespace audin::gui {

/**
 * System-wide shortcuts on macOS: Carbon hot keys (RegisterEventHotKey), still the way to get a key press
 * while another application is active without the accessibility permission an event tap needs. Hot keys are
 * registered exclusively, so one that another program registered fails with eventHotKeyExistsErr. Keys are
 * matched by their position on an ANSI (US) keyboard.
 */
class MacGlobalShortcuts : public GlobalShortcuts
{
    Q_OBJECT
public:
    explicit MacGlobalShortcuts(QObject *parent = nullptr);
    ~MacGlobalShortcuts() override;

    bool isSupported() const override;
    QString unsupportedReason() const override;
    bool bind(Action action, const QKeySequence &key, QString *error) override;
    QKeySequence binding(Action action) const override;

private:
    friend struct MacHotKeyHandler;

    struct HotKey
    {
        QKeySequence key;
        quint32 id = 0; ///< EventHotKeyID.id, unique per registration
        quint32 keyCode = 0; ///< kVK_* virtual key code
        quint32 modifiers = 0; ///< cmdKey, shiftKey, optionKey, controlKey
        OpaqueEventHotKeyRef *ref = nullptr;
    };

    void hotKeyPressed(quint32 id);

    OpaqueEventHandlerRef *m_handler = nullptr;
    int m_handlerStatus = 0; ///< OSStatus of installing the handler
    QMap<Action, HotKey> m_hotKeys;
    quint32 m_lastId = 0;
};

} // namespace audin::gui
