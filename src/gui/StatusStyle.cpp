// SPDX-License-Identifier: GPL-3.0-or-later
#include "StatusStyle.h"

#include "DesktopSession.h"

#include <QPainter>
#include <QPixmap>

namespace audin::gui {

OperatorStatus operatorStatus(const desktop::DesktopSession *session)
{
    if (!session->service())
        return OperatorStatus::SignedOut;
    switch (session->presenceState()) {
    case PresenceState::Offline:
        return OperatorStatus::Offline;
    case PresenceState::Connecting:
        return OperatorStatus::Connecting;
    case PresenceState::Reconnecting:
        return OperatorStatus::Reconnecting;
    case PresenceState::Online:
        break;
    }
    if (session->doNotDisturb())
        return OperatorStatus::DoNotDisturb;
    return session->isTakingCalls() && !session->availability().accepted.isEmpty() ? OperatorStatus::TakingCalls
                                                                                   : OperatorStatus::NotTakingCalls;
}

QColor statusColor(OperatorStatus status)
{
    switch (status) {
    case OperatorStatus::SignedOut:
    case OperatorStatus::Offline:
        return {0x8c, 0x95, 0x9f};
    case OperatorStatus::Connecting:
    case OperatorStatus::Reconnecting:
        return {0xd2, 0x99, 0x22};
    case OperatorStatus::NotTakingCalls:
        return {0x57, 0x8e, 0xd8};
    case OperatorStatus::TakingCalls:
        return {0x2d, 0xa4, 0x4e};
    case OperatorStatus::DoNotDisturb:
        return {0xcf, 0x22, 0x2e};
    }
    return Qt::gray;
}

QPixmap statusDot(OperatorStatus status, int size)
{
    QPixmap pixmap(size, size);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(QPen(statusColor(status).darker(130), 1));
    painter.setBrush(statusColor(status));
    painter.drawEllipse(QRectF(1, 1, size - 2, size - 2));
    return pixmap;
}

QIcon trayIcon(OperatorStatus status, int missedCalls)
{
    QIcon icon;
    static const QIcon base(QStringLiteral(":/icons/audin.svg"));
    for (int size : {16, 22, 24, 32, 48, 64}) {
        QPixmap pixmap = base.pixmap(size, size);
        QPainter painter(&pixmap);
        painter.setRenderHint(QPainter::Antialiasing);
        const qreal dot = size * 0.45;
        painter.setPen(QPen(Qt::white, qMax(1.0, size / 16.0)));
        painter.setBrush(statusColor(status));
        painter.drawEllipse(QRectF(size - dot, size - dot, dot - 0.5, dot - 0.5));
        if (missedCalls > 0) {
            const qreal badge = size * 0.55;
            const QRectF rect(size - badge, 0, badge, badge);
            painter.setBrush(QColor(0xcf, 0x22, 0x2e));
            painter.drawEllipse(rect);
            QFont font = painter.font();
            font.setPixelSize(int(badge * 0.7));
            font.setBold(true);
            painter.setFont(font);
            painter.setPen(Qt::white);
            painter.drawText(rect, Qt::AlignCenter,
                             missedCalls > 9 ? QStringLiteral("9+") : QString::number(missedCalls));
        }
        painter.end();
        icon.addPixmap(pixmap);
    }
    return icon;
}

QIcon ringingTrayIcon()
{
    QIcon icon;
    static const QIcon arrow(QStringLiteral(":/icons/call-in.svg"));
    for (int size : {16, 22, 24, 32, 48, 64}) {
        QPixmap pixmap(size, size);
        pixmap.fill(Qt::transparent);
        QPainter painter(&pixmap);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setPen(Qt::NoPen);
        painter.setBrush(statusColor(OperatorStatus::TakingCalls));
        painter.drawEllipse(QRectF(0.5, 0.5, size - 1, size - 1));
        // The arrow in white: draw it, then paint white through its shape.
        QPixmap glyph = arrow.pixmap(int(size * 0.7), int(size * 0.7));
        QPainter tint(&glyph);
        tint.setCompositionMode(QPainter::CompositionMode_SourceIn);
        tint.fillRect(glyph.rect(), Qt::white);
        tint.end();
        const QSizeF glyphSize = glyph.deviceIndependentSize();
        painter.drawPixmap(
            QRectF(QPointF((size - glyphSize.width()) / 2.0, (size - glyphSize.height()) / 2.0), glyphSize), glyph,
            QRectF(glyph.rect()));
        painter.end();
        icon.addPixmap(pixmap);
    }
    return icon;
}

} // namespace audin::gui
