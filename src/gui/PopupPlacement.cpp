// SPDX-License-Identifier: GPL-3.0-or-later
#include "PopupPlacement.h"

#include <algorithm>

namespace audin::gui {

QList<QRect> PopupPlacement::place(const QRect &available, const QList<QSize> &sizes) const
{
    QList<QRect> out;
    if (available.isEmpty())
        return out;
    // On a very small area the margins give way before the popups do.
    const int mx = std::min(margin, std::max(0, (available.width() - 1) / 4));
    const int my = std::min(margin, std::max(0, (available.height() - 1) / 4));
    const QRect area = available.adjusted(mx, my, -mx, -my);

    int columnRight = area.right();
    int bottom = area.bottom();
    int columnWidth = 0;
    QRect last;
    for (const QSize &wanted : sizes) {
        const QSize size = wanted.boundedTo(area.size()).expandedTo(QSize(1, 1));
        if (bottom - size.height() + 1 < area.top() && columnWidth > 0) {
            // This column is full: start the next one to its left.
            columnRight -= columnWidth + spacing;
            bottom = area.bottom();
            columnWidth = 0;
        }
        if (columnRight - size.width() + 1 < area.left()) {
            // No room left anywhere: the newest go on top of the last one rather than off the screen.
            QRect r = last.isNull()
                ? QRect(QPoint(area.right() - size.width() + 1, area.bottom() - size.height() + 1), size)
                : QRect(QPoint(std::max(area.left(), last.right() - size.width() + 1),
                               std::max(area.top(), last.bottom() - size.height() + 1)),
                        size);
            out << r;
            continue;
        }
        const QRect r(QPoint(columnRight - size.width() + 1, bottom - size.height() + 1), size);
        out << r;
        last = r;
        bottom = r.top() - spacing - 1;
        columnWidth = std::max(columnWidth, size.width());
    }
    return out;
}

} // namespace audin::gui
