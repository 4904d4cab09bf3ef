// SPDX-License-Identifier: GPL-3.0-or-later
#include "KeypadWidget.h"

#include "ui_KeypadWidget.h"

#include <QTimer>
#include <QToolButton>

namespace audin::gui {

KeypadWidget::KeypadWidget(QWidget *parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::KeypadWidget>())
{
    m_ui->setupUi(this);
    const QList<QToolButton *> keys = findChildren<QToolButton *>();
    for (QToolButton *key : keys) {
        const QString digit = key->text().left(1);
        key->setProperty("audinKey", digit);
        connect(key, &QToolButton::clicked, this, [this, digit] { emit keyPressed(digit); });
    }
}

KeypadWidget::~KeypadWidget() = default;

bool KeypadWidget::pressKeyFor(const QString &text)
{
    if (text.size() != 1)
        return false;
    const QList<QToolButton *> keys = findChildren<QToolButton *>();
    for (QToolButton *key : keys) {
        if (key->property("audinKey").toString() == text) {
            // The tone goes at once; the button only shows the press for a moment.
            emit keyPressed(text);
            key->setDown(true);
            QTimer::singleShot(120, key, [key] { key->setDown(false); });
            return true;
        }
    }
    return false;
}

} // namespace audin::gui
