// SPDX-License-Identifier: GPL-3.0-or-later
#include "NumbersPanel.h"

#include "DesktopSession.h"
#include "PhoneNumberInput.h"
#include "ui_NumbersPanel.h"

#include <QHeaderView>

namespace audin::gui {

using desktop::DesktopSession;

namespace {
constexpr int IdRole = Qt::UserRole + 1;
}

NumbersPanel::NumbersPanel(DesktopSession *session, QWidget *parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::NumbersPanel>())
    , m_session(session)
{
    m_ui->setupUi(this);
    m_ui->numberTree->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_ui->numberTree->header()->setStretchLastSection(true);
    connect(m_ui->numberTree, &QTreeWidget::itemChanged, this, &NumbersPanel::onItemChanged);
    connect(m_ui->selectAllButton, &QPushButton::clicked, this, [this] {
        QStringList all;
        for (const OperatorPhoneNumber &number : m_session->phoneNumbers())
            all << number.id;
        setSelection(all);
    });
    connect(m_ui->selectNoneButton, &QPushButton::clicked, this, [this] { setSelection({}); });
    connect(session, &DesktopSession::phoneNumbersChanged, this, &NumbersPanel::rebuild);
    connect(session, &DesktopSession::availabilityChanged, this, &NumbersPanel::refreshStatus);
    connect(session, &DesktopSession::takingCallsChanged, this, &NumbersPanel::refreshStatus);
    connect(session, &DesktopSession::presenceStateChanged, this, &NumbersPanel::refreshStatus);
    rebuild();
}

NumbersPanel::~NumbersPanel() = default;

void NumbersPanel::rebuild()
{
    m_rebuilding = true;
    m_ui->numberTree->clear();
    const QStringList selected = m_session->selectedNumberIds();
    const QList<OperatorPhoneNumber> numbers = m_session->phoneNumbers();
    for (const OperatorPhoneNumber &number : numbers) {
        auto *item = new QTreeWidgetItem(m_ui->numberTree);
        item->setData(0, IdRole, number.id);
        item->setText(0, number.displayName.isEmpty() ? tr("(no name)") : number.displayName);
        item->setText(1, desktop::PhoneNumberInput::formatForDisplay(number.phoneNumber));
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable | Qt::ItemIsSelectable);
        item->setCheckState(0, selected.contains(number.id) ? Qt::Checked : Qt::Unchecked);
    }
    m_ui->hintLabel->setText(
        numbers.isEmpty() ? tr("Your numbers appear here once you are connected to the service.")
                          : tr("Tick the numbers you take calls on. Changes apply at once while you are online."));
    m_rebuilding = false;
    refreshStatus();
}

QTreeWidgetItem *NumbersPanel::itemFor(const QString &id) const
{
    for (int i = 0; i < m_ui->numberTree->topLevelItemCount(); ++i) {
        QTreeWidgetItem *item = m_ui->numberTree->topLevelItem(i);
        if (item->data(0, IdRole).toString() == id)
            return item;
    }
    return nullptr;
}

void NumbersPanel::refreshStatus()
{
    const Availability availability = m_session->availability();
    const bool taking = m_session->isTakingCalls() && m_session->presenceState() == PresenceState::Online;
    for (int i = 0; i < m_ui->numberTree->topLevelItemCount(); ++i) {
        QTreeWidgetItem *item = m_ui->numberTree->topLevelItem(i);
        const QString id = item->data(0, IdRole).toString();
        QString status;
        if (taking && availability.accepted.contains(id))
            status = tr("Taking calls");
        else if (taking && availability.rejected.contains(id))
            status = tr("Refused by the service");
        else if (taking && item->checkState(0) == Qt::Checked)
            status = tr("Waiting for the service…");
        item->setText(2, status);
    }
}

QString NumbersPanel::statusText(const QString &id) const
{
    QTreeWidgetItem *item = itemFor(id);
    return item ? item->text(2) : QString();
}

QStringList NumbersPanel::selection() const
{
    QStringList ids;
    for (int i = 0; i < m_ui->numberTree->topLevelItemCount(); ++i) {
        QTreeWidgetItem *item = m_ui->numberTree->topLevelItem(i);
        if (item->checkState(0) == Qt::Checked)
            ids << item->data(0, IdRole).toString();
    }
    return ids;
}

void NumbersPanel::setSelection(const QStringList &ids)
{
    m_rebuilding = true;
    for (int i = 0; i < m_ui->numberTree->topLevelItemCount(); ++i) {
        QTreeWidgetItem *item = m_ui->numberTree->topLevelItem(i);
        item->setCheckState(0, ids.contains(item->data(0, IdRole).toString()) ? Qt::Checked : Qt::Unchecked);
    }
    m_rebuilding = false;
    m_session->setSelectedNumberIds(selection());
    refreshStatus();
}

void NumbersPanel::onItemChanged(QTreeWidgetItem *, int column)
{
    if (m_rebuilding || column != 0)
        return;
    m_session->setSelectedNumberIds(selection());
    refreshStatus();
}

} // namespace audin::gui
