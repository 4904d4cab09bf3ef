// SPDX-License-Identifier: GPL-3.0-or-later
#include "QualityBars.h"

#include <QPainter>

namespace audin::gui {

QualityBars::QualityBars(QWidget *parent)
    : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
    setAccessibleName(tr("Call quality"));
}

int QualityBars::barsForMos(double mos)
{
    if (mos < 0)
        return 0;
    if (mos >= 4.2)
        return 4;
    if (mos >= 3.6)
        return 3;
    if (mos >= 3.1)
        return 2;
    return 1;
}

int QualityBars::bars() const
{
    return barsForMos(m_mos);
}

void QualityBars::setMos(double mos)
{
    if (mos == m_mos)
        return;
    const int before = bars();
    m_mos = mos;
    const int now = bars();
    static const char *const words[] = {QT_TR_NOOP("not measured yet"), QT_TR_NOOP("poor"), QT_TR_NOOP("fair"),
                                        QT_TR_NOOP("good"), QT_TR_NOOP("excellent")};
    setToolTip(mos < 0 ? tr("Call quality: not measured yet")
                       : tr("Call quality: %1 (MOS %2)").arg(tr(words[now])).arg(mos, 0, 'f', 1));
    setAccessibleDescription(toolTip());
    if (before != now)
        update();
}

QSize QualityBars::sizeHint() const
{
    return {28, 18};
}

void QualityBars::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const int n = bars();
    const QColor on = n >= 3 ? QColor(0x2d, 0xa4, 0x4e) : n == 2 ? QColor(0xd2, 0x99, 0x22) : QColor(0xcf, 0x22, 0x2e);
    const QColor off = palette().color(QPalette::Disabled, QPalette::WindowText);
    const qreal barWidth = width() / 5.0;
    for (int i = 0; i < 4; ++i) {
        const qreal h = height() * (i + 1) / 4.0;
        const QRectF bar(i * barWidth * 1.3, height() - h, barWidth, h);
        painter.setPen(Qt::NoPen);
        painter.setBrush(i < n ? on : off);
        painter.drawRoundedRect(bar, 1.5, 1.5);
    }
}

} // namespace audin::gui
