// SPDX-License-Identifier: GPL-3.0-or-later
#include "MainWindow.h"

#include "OperatorService.h"
#include "ui_MainWindow.h"

#include <QDateTime>

namespace audin {

namespace {
QString presenceText(PresenceState state)
{
    switch (state) {
    case PresenceState::Offline:
        return MainWindow::tr("Offline");
    case PresenceState::Connecting:
        return MainWindow::tr("Connecting…");
    case PresenceState::Online:
        return MainWindow::tr("Online");
    case PresenceState::Reconnecting:
        return MainWindow::tr("Reconnecting…");
    }
    return {};
}
} // namespace

MainWindow::MainWindow(OperatorService *service, QWidget *parent)
    : QMainWindow(parent)
    , m_ui(std::make_unique<Ui::MainWindow>())
    , m_service(service)
{
    m_ui->setupUi(this);
    m_ui->presenceLabel->setText(presenceText(service->presenceState()));
    connect(m_ui->connectButton, &QPushButton::clicked, service, &OperatorService::connectToService);
    connect(m_ui->disconnectButton, &QPushButton::clicked, service, &OperatorService::disconnectFromService);
    connect(service, &OperatorService::presenceStateChanged, this, [this](PresenceState state) {
        m_ui->presenceLabel->setText(presenceText(state));
        appendEvent(tr("Presence: %1").arg(presenceText(state)));
    });
    connect(service, &OperatorService::error, this,
            [this](const OperatorError &error) { appendEvent(tr("Error: %1").arg(error.message)); });
    connect(service, &OperatorService::incomingCall, this,
            [this](CallController *call) { appendEvent(tr("Incoming call from %1").arg(call->from())); });
}

MainWindow::~MainWindow() = default;

void MainWindow::appendEvent(const QString &text)
{
    m_ui->eventLog->appendPlainText(
        QStringLiteral("%1  %2").arg(QDateTime::currentDateTime().toString(QStringLiteral("HH:mm:ss")), text));
}

} // namespace audin
