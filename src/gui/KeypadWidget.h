// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>
#include <memory>

namespace Ui {
class KeypadWidget;
}

namespace audin::gui {

/** The twelve telephone keys. Shared by the dialpad (digits) and the call view (DTMF). */
class KeypadWidget : public QWidget
{
    Q_OBJECT
public:
    explicit KeypadWidget(QWidget *parent = nullptr);
    ~KeypadWidget() override;

    /** The key for a typed character (0-9 * #), flashed as if clicked; false for other text. */
    bool pressKeyFor(const QString &text);

signals:
    void keyPressed(const QString &key);

private:
    std::unique_ptr<Ui::KeypadWidget> m_ui;
};

} // namespace audin::gui
