// SPDX-License-Identifier: GPL-3.0-or-later
#include "MainWindow.h"

#include "ActiveCallPanel.h"
#include "AppSettings.h"
#include "CallController.h"
#include "CallHistory.h"
#include "CallsPage.h"
#include "DesktopSession.h"
#include "DialpadPanel.h"
#include "HistoryPanel.h"
#include "MessageBanner.h"
#include "NumbersPanel.h"
#include "PopupStack.h"
#include "PresenceBar.h"
#include "RingingStrip.h"
#include "SettingsDialog.h"
#include "SignInDialog.h"
#include "TrayController.h"
#include "ui_MainWindow.h"

#include <QCloseEvent>
#include <QMessageBox>
#include <QVBoxLayout>

namespace audin::gui {

using desktop::DesktopSession;

namespace {
void fill(QWidget *slot, QWidget *content)
{
    auto *layout = new QVBoxLayout(slot);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(content);
}
} // namespace

MainWindow::MainWindow(Dependencies dependencies, QWidget *parent)
    : QMainWindow(parent)
    , m_ui(std::make_unique<Ui::MainWindow>())
    , m_deps(std::move(dependencies))
{
    m_ui->setupUi(this);
    DesktopSession *session = m_deps.session;
    m_banner = new MessageBanner(this);
    fill(m_ui->bannerSlot, m_banner);
    m_presence = new PresenceBar(session, this);
    fill(m_ui->presenceSlot, m_presence);
    m_ringing = new RingingStrip(session, this);
    m_ui->column->insertWidget(m_ui->column->indexOf(m_ui->presenceSlot) + 1, m_ringing);
    m_calls = new CallsPage(session, m_deps.settings, m_deps.devices, this);
    m_numbers = new NumbersPanel(session, this);
    m_history = new HistoryPanel(m_deps.history, this);
    m_ui->tabs->addTab(m_calls, tr("Calls"));
    m_ui->tabs->addTab(m_numbers, tr("Numbers"));
    m_ui->tabs->addTab(m_history, tr("History"));

    connect(m_presence, &PresenceBar::signInRequested, this, [this] { openSignIn({}); });
    connect(m_history, &HistoryPanel::callBackRequested, this, &MainWindow::dialNumber);
    connect(m_history, &HistoryPanel::message, this, [this](const QString &text, bool error) {
        m_banner->showMessage(text, error ? MessageBanner::Severity::Warning : MessageBanner::Severity::Info,
                              QStringLiteral("export"));
    });
    connect(session, &DesktopSession::errorMessage, this,
            [this](const QString &text, int severity, const QString &key) {
                m_banner->showMessage(text, MessageBanner::Severity(severity), key);
            });
    connect(session, &DesktopSession::errorCleared, m_banner, &MessageBanner::clearMessage);
    connect(session, &DesktopSession::signInRequired, this, &MainWindow::openSignIn);
    connect(session, &DesktopSession::currentCallChanged, this, [this](CallController *call) {
        if (call)
            showCalls();
    });
    connect(m_ui->tabs, &QTabWidget::currentChanged, this, &MainWindow::markMissedSeenIfViewed);
    if (m_deps.history) {
        connect(m_deps.history, &desktop::CallHistory::unseenMissedCountChanged, this, &MainWindow::refreshHistoryTab);
        refreshHistoryTab();
    }
    wireActions();
    if (!m_deps.settings->windowGeometry().isEmpty())
        restoreGeometry(m_deps.settings->windowGeometry());
}

MainWindow::~MainWindow() = default;

void MainWindow::wireActions()
{
    DesktopSession *session = m_deps.session;
    connect(m_ui->actionToggleOnline, &QAction::triggered, m_presence, &PresenceBar::toggleOnline);
    connect(m_ui->actionDoNotDisturb, &QAction::toggled, session, &DesktopSession::setDoNotDisturb);
    connect(session, &DesktopSession::doNotDisturbChanged, m_ui->actionDoNotDisturb, &QAction::setChecked);
    m_ui->actionDoNotDisturb->setChecked(session->doNotDisturb());
    connect(session, &DesktopSession::takingCallsChanged, this,
            [this](bool on) { m_ui->actionToggleOnline->setText(on ? tr("Go &offline") : tr("Go &online")); });
    connect(m_ui->actionSettings, &QAction::triggered, this, &MainWindow::openSettings);
    connect(m_ui->actionSignIn, &QAction::triggered, this, [this] { openSignIn({}); });
    connect(m_ui->actionSignOut, &QAction::triggered, session, &DesktopSession::signOut);
    m_ui->actionSignIn->setEnabled(!session->usesEnvironmentCredentials());
    m_ui->actionSignOut->setEnabled(!session->usesEnvironmentCredentials());
    connect(m_ui->actionQuit, &QAction::triggered, this, &MainWindow::quitRequested);
    connect(m_ui->actionAccept, &QAction::triggered, session, &DesktopSession::answerNewest);
    connect(m_ui->actionReject, &QAction::triggered, session, &DesktopSession::declineNewest);
    connect(m_ui->actionMute, &QAction::triggered, m_calls->callView(), &ActiveCallPanel::toggleMute);
    connect(m_ui->actionHangup, &QAction::triggered, this, [this] {
        if (CallController *call = m_deps.session->currentCall())
            call->hangup();
    });
    connect(m_ui->actionDial, &QAction::triggered, this, [this] {
        showCalls();
        m_calls->dialpad()->focusNumber();
    });
    connect(m_ui->actionShowCalls, &QAction::triggered, this, &MainWindow::showCalls);
    connect(m_ui->actionShowNumbers, &QAction::triggered, this, &MainWindow::showNumbers);
    connect(m_ui->actionShowHistory, &QAction::triggered, this, &MainWindow::showHistory);
    connect(m_ui->actionAbout, &QAction::triggered, this, [this] {
        QMessageBox::about(this, tr("About Audin Softphone"),
                           tr("<b>Audin Softphone %1</b><p>Take and make calls on your company's phone numbers.</p>")
                               .arg(QStringLiteral(AUDIN_VERSION)));
    });
}

SignInDialog *MainWindow::signInDialog() const
{
    return m_signIn;
}

SettingsDialog *MainWindow::settingsDialog() const
{
    return m_settingsDialog;
}

void MainWindow::showCalls()
{
    m_ui->tabs->setCurrentWidget(m_calls);
}

void MainWindow::showNumbers()
{
    m_ui->tabs->setCurrentWidget(m_numbers);
}

void MainWindow::showHistory()
{
    m_ui->tabs->setCurrentWidget(m_history);
}

void MainWindow::bringToFront()
{
    if (isMinimized())
        showNormal();
    else
        show();
    raise();
    activateWindow();
    markMissedSeenIfViewed();
}

void MainWindow::openSignIn(const QString &reason)
{
    if (m_deps.session->usesEnvironmentCredentials())
        return;
    if (!m_signIn) {
        m_signIn = new SignInDialog(m_deps.session, m_deps.settings, this);
        m_signIn->setAttribute(Qt::WA_DeleteOnClose);
    }
    m_signIn->setReason(reason);
    m_signIn->open();
    m_signIn->raise();
}

void MainWindow::openSettings()
{
    if (!m_settingsDialog && m_deps.makeSettingsDialog) {
        m_settingsDialog = m_deps.makeSettingsDialog(this);
        m_settingsDialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(m_settingsDialog, &SettingsDialog::signInRequested, this, [this] {
            m_settingsDialog->close();
            openSignIn({});
        });
        connect(m_settingsDialog, &SettingsDialog::signOutRequested, this, [this] {
            m_settingsDialog->close();
            m_deps.session->signOut();
        });
    }
    if (m_settingsDialog) {
        m_settingsDialog->show();
        m_settingsDialog->raise();
        m_settingsDialog->activateWindow();
    }
}

void MainWindow::dialNumber(const QString &number, const QString &callerId)
{
    showCalls();
    DialpadPanel *dialpad = m_calls->dialpad();
    if (m_deps.session->currentCall()) {
        m_banner->showMessage(tr("Finish the current call before calling %1.").arg(number),
                              MessageBanner::Severity::Warning, QStringLiteral("dial"));
        return;
    }
    dialpad->setNumber(number);
    if (!callerId.isEmpty())
        dialpad->setCallerId(callerId);
    dialpad->call(); // on failure the number stays in the field with the reason under it
}

void MainWindow::refreshHistoryTab()
{
    const int missed = m_deps.history && m_deps.history->isOpen() ? m_deps.history->unseenMissedCount() : 0;
    const int index = m_ui->tabs->indexOf(m_history);
    m_ui->tabs->setTabText(index, missed > 0 ? tr("History (%1 missed)").arg(missed) : tr("History"));
    markMissedSeenIfViewed();
}

void MainWindow::markMissedSeenIfViewed()
{
    // "Viewed" means the list is on screen in the window the operator is looking at.
    if (m_deps.history && m_deps.history->isOpen() && m_ui->tabs->currentWidget() == m_history && isVisible()
        && isActiveWindow() && m_deps.history->unseenMissedCount() > 0)
        m_deps.history->markMissedSeen();
}

void MainWindow::changeEvent(QEvent *event)
{
    QMainWindow::changeEvent(event);
    if (event->type() == QEvent::ActivationChange)
        markMissedSeenIfViewed();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    m_deps.settings->setWindowGeometry(saveGeometry());
    if (m_quitting) {
        event->accept();
        return;
    }
    if (!m_deps.tray || !m_deps.tray->isAvailable()) {
        // Without a tray there would be no way back to a hidden window: closing means quitting.
        event->ignore();
        emit quitRequested();
        return;
    }
    event->ignore();
    hide();
    if (!m_deps.settings->trayNoticeShown()) {
        m_deps.tray->notify(tr("Audin Softphone is still running"),
                            tr("Calls still ring while the window is closed. Quit from the tray icon's menu."));
        m_deps.settings->setTrayNoticeShown(true);
    }
}

} // namespace audin::gui
