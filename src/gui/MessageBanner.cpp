// SPDX-License-Identifier: GPL-3.0-or-later
#include "MessageBanner.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace audin::gui {

MessageBanner::MessageBanner(QWidget *parent)
    : QWidget(parent)
    , m_layout(new QVBoxLayout(this))
{
    m_layout->setContentsMargins(0, 0, 0, 0);
    m_layout->setSpacing(2);
    setVisible(false);
}

void MessageBanner::showMessage(const QString &text, Severity severity, const QString &key)
{
    if (!key.isEmpty()) {
        if (QWidget *old = m_byKey.value(key)) {
            if (old->property("audinText").toString() == text
                && old->property("audinSeverity").toInt() == int(severity))
                return;
            removeRow(old);
        }
    }
    QWidget *row = addRow(text, severity);
    if (!key.isEmpty())
        m_byKey.insert(key, row);
    if (severity != Severity::Critical) {
        const int ms = severity == Severity::Info ? 8000 : 20000;
        QTimer::singleShot(ms, row, [this, row] { removeRow(row); });
    }
    setVisible(true);
}

QWidget *MessageBanner::addRow(const QString &text, Severity severity)
{
    auto *row = new QFrame(this);
    row->setProperty("audinText", text);
    row->setProperty("audinSeverity", int(severity));
    row->setFrameShape(QFrame::StyledPanel);
    row->setAutoFillBackground(true);
    QPalette palette = row->palette();
    const bool dark = palette.color(QPalette::Window).lightness() < 128;
    QColor background;
    switch (severity) {
    case Severity::Info:
        background = dark ? QColor(0x1c, 0x3a, 0x5e) : QColor(0xdd, 0xf4, 0xff);
        break;
    case Severity::Warning:
        background = dark ? QColor(0x4d, 0x3b, 0x0f) : QColor(0xff, 0xf5, 0xd6);
        break;
    case Severity::Critical:
        background = dark ? QColor(0x5c, 0x1e, 0x22) : QColor(0xff, 0xe2, 0xe0);
        break;
    }
    palette.setColor(QPalette::Window, background);
    row->setPalette(palette);
    auto *layout = new QHBoxLayout(row);
    layout->setContentsMargins(8, 4, 4, 4);
    auto *label = new QLabel(text, row);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setAccessibleName(tr("Message"));
    layout->addWidget(label, 1);
    auto *close = new QToolButton(row);
    close->setText(QStringLiteral("×"));
    close->setAutoRaise(true);
    close->setToolTip(tr("Dismiss"));
    close->setAccessibleName(tr("Dismiss message"));
    layout->addWidget(close, 0, Qt::AlignTop);
    connect(close, &QToolButton::clicked, this, [this, row] { removeRow(row); });
    m_layout->addWidget(row);
    return row;
}

void MessageBanner::removeRow(QWidget *row)
{
    if (!row)
        return;
    for (auto it = m_byKey.begin(); it != m_byKey.end();) {
        if (it.value() == row || !it.value())
            it = m_byKey.erase(it);
        else
            ++it;
    }
    m_layout->removeWidget(row);
    row->hide();
    row->deleteLater();
    if (m_layout->count() == 0)
        setVisible(false);
}

void MessageBanner::clearMessage(const QString &key)
{
    if (QWidget *row = m_byKey.value(key))
        removeRow(row);
}

void MessageBanner::clearAll()
{
    while (m_layout->count() > 0)
        removeRow(m_layout->itemAt(0)->widget());
}

QStringList MessageBanner::messages() const
{
    QStringList out;
    for (int i = 0; i < m_layout->count(); ++i) {
        if (QWidget *row = m_layout->itemAt(i)->widget())
            out << row->property("audinText").toString();
    }
    return out;
}

} // namespace audin::gui
