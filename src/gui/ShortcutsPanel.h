// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "GlobalShortcuts.h"

#include <QGroupBox>
#include <QHash>

class QKeySequenceEdit;
class QLabel;

namespace audin::desktop {
class AppSettings;
}

namespace audin::gui {

class CallShortcuts;

/**
 * The system-wide shortcuts on the settings page: one key field per call action, each checked as soon
 * as it is typed (a key another program holds is said at once, not discovered in the middle of a call),
 * fields the administrator locked disabled, and why nothing works where the desktop does not allow it.
 */
class ShortcutsPanel : public QGroupBox
{
    Q_OBJECT
public:
    ShortcutsPanel(CallShortcuts *shortcuts, desktop::AppSettings *settings, QWidget *parent = nullptr);

    /** Shows the saved keys again. */
    void load();
    /** Why the keys typed cannot be saved; empty when they can. */
    QString validate();
    /** Writes the keys typed (call validate() first). */
    void save();

    QKeySequenceEdit *editFor(GlobalShortcuts::Action action) const { return m_edits.value(int(action)); }
    QString problemText(GlobalShortcuts::Action action) const;
    QString supportText() const;

private:
    void check(GlobalShortcuts::Action action);
    void refreshSupport();

    CallShortcuts *m_shortcuts;
    desktop::AppSettings *m_settings;
    QLabel *m_support;
    QHash<int, QKeySequenceEdit *> m_edits;
    QHash<int, QLabel *> m_problems;
};

} // namespace audin::gui
