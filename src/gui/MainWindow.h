// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QMainWindow>
#include <memory>

namespace Ui {
class MainWindow;
}

namespace audin {

class OperatorService;

/**
 * The operator window. For now it shows presence and the SDK's events; the full desktop
 * experience (numbers, popup, tray, dialpad, history) is assembled here from panels.
 */
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(OperatorService *service, QWidget *parent = nullptr);
    ~MainWindow() override;

private:
    void appendEvent(const QString &text);

    std::unique_ptr<Ui::MainWindow> m_ui;
    OperatorService *m_service;
};

} // namespace audin
