// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QPointer>
#include <QWidget>

class QVBoxLayout;
class QLabel;

namespace audin::gui {

/**
 * Non-modal messages across the top of the window: errors and notices in words the operator
 * can act on, never a dialog that blocks a call. A message with the key of one already shown
 * replaces it; notices fade by themselves, errors stay until dismissed or no longer true.
 */
class MessageBanner : public QWidget
{
    Q_OBJECT
public:
    enum class Severity
    {
        Info,
        Warning,
        Critical
    };

    explicit MessageBanner(QWidget *parent = nullptr);

    void showMessage(const QString &text, Severity severity, const QString &key = {});
    void clearMessage(const QString &key);
    void clearAll();
    /** The texts on show, oldest first (for tests and accessibility). */
    QStringList messages() const;

private:
    QWidget *addRow(const QString &text, Severity severity);
    void removeRow(QWidget *row);

    QVBoxLayout *m_layout;
    QHash<QString, QPointer<QWidget>> m_byKey;
};

} // namespace audin::gui
