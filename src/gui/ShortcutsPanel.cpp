// SPDX-License-Identifier: GPL-3.0-or-later
#include "ShortcutsPanel.h"

#include "AppSettings.h"
#include "CallShortcuts.h"

#include <QFormLayout>
#include <QKeySequenceEdit>
#include <QLabel>
#include <QVBoxLayout>

namespace audin::gui {

using Action = GlobalShortcuts::Action;

ShortcutsPanel::ShortcutsPanel(CallShortcuts *shortcuts, desktop::AppSettings *settings, QWidget *parent)
    : QGroupBox(tr("System-wide shortcuts (work in every application)"), parent)
    , m_shortcuts(shortcuts)
    , m_settings(settings)
    , m_support(new QLabel(this))
{
    setObjectName(QStringLiteral("shortcutsPanel"));
    auto *column = new QVBoxLayout(this);
    m_support->setWordWrap(true);
    m_support->setObjectName(QStringLiteral("shortcutSupportLabel"));
    column->addWidget(m_support);
    auto *form = new QFormLayout;
    column->addLayout(form);
    for (Action action : CallShortcuts::configurableActions()) {
        auto *edit = new QKeySequenceEdit(this);
        edit->setObjectName(QStringLiteral("shortcut") + GlobalShortcuts::actionName(action));
        edit->setClearButtonEnabled(true);
        edit->setAccessibleName(GlobalShortcuts::actionText(action));
        auto *problem = new QLabel(this);
        problem->setWordWrap(true);
        QPalette warning = problem->palette();
        warning.setColor(QPalette::WindowText, QColor(0xcf, 0x22, 0x2e));
        problem->setPalette(warning);
        problem->hide();
        auto *cell = new QVBoxLayout;
        cell->addWidget(edit);
        cell->addWidget(problem);
        auto *label = new QLabel(GlobalShortcuts::actionText(action), this);
        label->setBuddy(edit);
        form->addRow(label, cell);
        m_edits.insert(int(action), edit);
        m_problems.insert(int(action), problem);
        connect(edit, &QKeySequenceEdit::editingFinished, this, [this, action] { check(action); });
        connect(edit, &QKeySequenceEdit::keySequenceChanged, this, [this, action](const QKeySequence &key) {
            if (key.isEmpty())
                check(action); // the clear button ends no editing
        });
    }
    if (m_shortcuts) {
        connect(m_shortcuts->keys(), &GlobalShortcuts::supportChanged, this, &ShortcutsPanel::refreshSupport);
        connect(m_shortcuts, &CallShortcuts::problemChanged, this,
                [this](Action action, const QString &) { check(action); });
    }
    load();
}

void ShortcutsPanel::load()
{
    for (Action action : CallShortcuts::configurableActions()) {
        QKeySequenceEdit *edit = m_edits.value(int(action));
        const char *key = CallShortcuts::settingsKey(action);
        edit->setKeySequence(QKeySequence::fromString(m_settings->shortcut(key), QKeySequence::PortableText));
        const bool locked = m_settings->isLocked(QLatin1String(key));
        edit->setEnabled(!locked);
        edit->setToolTip(locked ? tr("Set by your administrator") : QString());
    }
    refreshSupport();
}

void ShortcutsPanel::refreshSupport()
{
    const bool supported = m_shortcuts && m_shortcuts->isSupported();
    m_support->setText(supported ? tr("Press a key combination with Ctrl, Alt or Meta; it answers, hangs up or "
                                      "mutes while you work in another application.")
                                 : (m_shortcuts ? m_shortcuts->unsupportedReason()
                                                : tr("This desktop does not let applications use "
                                                     "system-wide shortcuts.")));
    for (Action action : CallShortcuts::configurableActions())
        check(action);
}

QString ShortcutsPanel::supportText() const
{
    return m_support->text();
}

void ShortcutsPanel::check(Action action)
{
    QKeySequenceEdit *edit = m_edits.value(int(action));
    QLabel *label = m_problems.value(int(action));
    QString problem;
    if (m_shortcuts && m_shortcuts->isSupported()) {
        const QKeySequence typed = edit->keySequence();
        const QKeySequence saved = QKeySequence::fromString(m_settings->shortcut(CallShortcuts::settingsKey(action)),
                                                            QKeySequence::PortableText);
        problem = typed == saved ? m_shortcuts->problem(action) : m_shortcuts->tryKey(action, typed);
        // The same key for two actions is caught here, before either is saved.
        for (Action other : CallShortcuts::configurableActions()) {
            if (other != action && !typed.isEmpty() && m_edits.value(int(other))->keySequence() == typed)
                problem = tr("%1 is also the key for “%2”.")
                              .arg(typed.toString(QKeySequence::NativeText), GlobalShortcuts::actionText(other));
        }
    }
    label->setText(problem);
    label->setVisible(!problem.isEmpty());
}

QString ShortcutsPanel::problemText(Action action) const
{
    QLabel *label = m_problems.value(int(action));
    return label->isHidden() ? QString() : label->text();
}

QString ShortcutsPanel::validate()
{
    for (Action action : CallShortcuts::configurableActions()) {
        check(action);
        const QString problem = problemText(action);
        const QKeySequence typed = m_edits.value(int(action))->keySequence();
        const QKeySequence saved = QKeySequence::fromString(m_settings->shortcut(CallShortcuts::settingsKey(action)),
                                                            QKeySequence::PortableText);
        // A saved key that another program took meanwhile is reported, but does not block saving the rest.
        if (!problem.isEmpty() && typed != saved) {
            m_edits.value(int(action))->setFocus();
            return tr("The shortcut for “%1” cannot be saved: %2").arg(GlobalShortcuts::actionText(action), problem);
        }
    }
    return {};
}

void ShortcutsPanel::save()
{
    for (Action action : CallShortcuts::configurableActions()) {
        const QKeySequence typed = m_edits.value(int(action))->keySequence();
        m_settings->setShortcut(CallShortcuts::settingsKey(action), typed.toString(QKeySequence::PortableText));
    }
}

} // namespace audin::gui
