// SPDX-License-Identifier: GPL-3.0-or-later
#include "HistoryPanel.h"

#include "CallHistory.h"
#include "CallHistoryModel.h"
#include "ui_HistoryPanel.h"

#include <QDate>
#include <QDir>
#include <QFileDialog>
#include <QHeaderView>
#include <QIdentityProxyModel>
#include <QKeyEvent>
#include <QStandardPaths>

namespace audin::gui {

using desktop::CallHistoryModel;

namespace {
/** Icons and colour for the rows: the model stays free of presentation. */
class HistoryStyleProxy final : public QIdentityProxyModel
{
public:
    using QIdentityProxyModel::QIdentityProxyModel;

    QVariant headerData(int section, Qt::Orientation orientation, int role) const override
    {
        if (section == 0 && orientation == Qt::Horizontal && role == Qt::DisplayRole)
            return QString();
        return QIdentityProxyModel::headerData(section, orientation, role);
    }

    QVariant data(const QModelIndex &index, int role) const override
    {
        if (role == Qt::DecorationRole && index.column() == 0) {
            static const QIcon in(QStringLiteral(":/icons/call-in.svg"));
            static const QIcon out(QStringLiteral(":/icons/call-out.svg"));
            static const QIcon missed(QStringLiteral(":/icons/call-missed.svg"));
            if (index.data(CallHistoryModel::MissedRole).toBool())
                return missed;
            return index.data(CallHistoryModel::DirectionRole).toInt() == int(CallDirection::Outbound) ? out : in;
        }
        if (index.column() == 0
            && (role == Qt::DisplayRole || role == Qt::ToolTipRole || role == Qt::AccessibleTextRole)) {
            // An arrow says it in a narrow window; the words stay for tooltips and screen readers.
            const QString words = QIdentityProxyModel::data(index, Qt::DisplayRole).toString();
            return role == Qt::DisplayRole ? QVariant() : QVariant(words);
        }
        if (role == Qt::ForegroundRole && index.data(CallHistoryModel::MissedRole).toBool())
            return QColor(0xcf, 0x22, 0x2e);
        return QIdentityProxyModel::data(index, role);
    }
};
} // namespace

HistoryPanel::HistoryPanel(desktop::CallHistory *history, QWidget *parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::HistoryPanel>())
    , m_history(history)
    , m_model(new CallHistoryModel(history, this))
    , m_styled(new HistoryStyleProxy(this))
{
    m_ui->setupUi(this);
    m_ui->kindCombo->addItem(tr("All calls"), int(Kind::All));
    m_ui->kindCombo->addItem(tr("Missed"), int(Kind::Missed));
    m_ui->kindCombo->addItem(tr("Incoming"), int(Kind::Inbound));
    m_ui->kindCombo->addItem(tr("Outgoing"), int(Kind::Outbound));
    m_styled->setSourceModel(m_model);
    m_ui->table->setModel(m_styled);
    m_ui->table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_ui->table->horizontalHeader()->setStretchLastSection(true);

    connect(m_ui->kindCombo, &QComboBox::currentIndexChanged, this, &HistoryPanel::applyFilter);
    connect(m_ui->searchEdit, &QLineEdit::textChanged, this, &HistoryPanel::applyFilter);
    connect(m_ui->table, &QTableView::doubleClicked, this, &HistoryPanel::callBackSelected);
    connect(m_ui->callBackButton, &QPushButton::clicked, this, &HistoryPanel::callBackSelected);
    connect(m_ui->exportButton, &QPushButton::clicked, this, [this] {
        const QString suggested
            = QDir(QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation))
                  .filePath(tr("call-history-%1.csv").arg(QDate::currentDate().toString(Qt::ISODate)));
        const QString path = QFileDialog::getSaveFileName(this, tr("Export call history"), suggested,
                                                          tr("CSV files (*.csv);;All files (*)"));
        if (path.isEmpty())
            return;
        QString error;
        exportTo(path, &error);
    });
    connect(m_model, &QAbstractItemModel::modelReset, this, &HistoryPanel::updateSummary);
    connect(m_ui->table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &HistoryPanel::updateSummary);
    const bool available = history && history->isOpen();
    setEnabled(available);
    if (!available)
        m_ui->summaryLabel->setText(tr("The call history could not be opened; calls are not being recorded."));
    applyFilter();
}

HistoryPanel::~HistoryPanel() = default;

void HistoryPanel::setKind(Kind kind)
{
    m_ui->kindCombo->setCurrentIndex(m_ui->kindCombo->findData(int(kind)));
}

void HistoryPanel::setSearch(const QString &text)
{
    m_ui->searchEdit->setText(text);
}

void HistoryPanel::applyFilter()
{
    desktop::HistoryFilter filter;
    switch (Kind(m_ui->kindCombo->currentData().toInt())) {
    case Kind::All:
        filter.kind = desktop::HistoryFilter::Kind::All;
        break;
    case Kind::Missed:
        filter.kind = desktop::HistoryFilter::Kind::Missed;
        break;
    case Kind::Inbound:
        filter.kind = desktop::HistoryFilter::Kind::Inbound;
        break;
    case Kind::Outbound:
        filter.kind = desktop::HistoryFilter::Kind::Outbound;
        break;
    }
    filter.search = m_ui->searchEdit->text().trimmed();
    m_model->setFilter(filter);
    updateSummary();
}

void HistoryPanel::updateSummary()
{
    if (!m_history || !m_history->isOpen())
        return;
    const int rows = rowCount();
    m_ui->summaryLabel->setText(rows == 1 ? tr("1 call") : tr("%1 calls").arg(rows));
    m_ui->callBackButton->setEnabled(m_ui->table->selectionModel()->hasSelection());
    m_ui->exportButton->setEnabled(rows > 0);
}

int HistoryPanel::rowCount() const
{
    return m_styled->rowCount();
}

QString HistoryPanel::remoteNumberAt(int row) const
{
    return m_styled->index(row, 0).data(CallHistoryModel::RemoteNumberRole).toString();
}

QString HistoryPanel::textAt(int row, int column) const
{
    return m_styled->index(row, column).data(Qt::DisplayRole).toString();
}

void HistoryPanel::callBackSelected()
{
    const QModelIndexList rows = m_ui->table->selectionModel()->selectedRows();
    const QModelIndex index = rows.isEmpty() ? m_ui->table->currentIndex() : rows.first();
    if (!index.isValid())
        return;
    const QString number = index.data(CallHistoryModel::RemoteNumberRole).toString();
    QString callerId;
    if (const auto record = m_history->find(index.data(CallHistoryModel::RecordIdRole).toLongLong()))
        callerId = record->localNumber;
    if (!number.isEmpty())
        emit callBackRequested(number, callerId);
}

bool HistoryPanel::exportTo(const QString &path, QString *error)
{
    if (!m_model)
        return false;
    if (!m_history->exportCsv(path, m_model->filter(), error)) {
        emit message(tr("The call history could not be exported: %1").arg(*error), true);
        return false;
    }
    emit message(rowCount() == 1 ? tr("Exported 1 call to %1.").arg(QDir::toNativeSeparators(path))
                                 : tr("Exported %1 calls to %2.").arg(rowCount()).arg(QDir::toNativeSeparators(path)),
                 false);
    return true;
}

void HistoryPanel::keyPressEvent(QKeyEvent *event)
{
    if ((event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter) && m_ui->table->hasFocus()) {
        callBackSelected();
        return;
    }
    QWidget::keyPressEvent(event);
}

} // namespace audin::gui
