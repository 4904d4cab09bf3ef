// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QRect>
#include <QSize>

namespace audin::gui {

/**
 * Where the incoming-call popups go on one screen: from the bottom-right corner of the available area
 * upwards, the oldest lowest; a column that is full continues in a new column to its left. Every
 * rectangle lies inside the area and none overlaps another, as long as they fit at all; a popup larger
 * than the area is shrunk to it. Only when even the columns run out do the newest share the last slot.
 * Pure geometry, so it is tested for any screen without showing a window.
 */
struct PopupPlacement
{
    int margin = 12; ///< between the popups and the edges of the area
    int spacing = 8; ///< between two popups

    /** One rectangle per size, in the same order (oldest first). */
    QList<QRect> place(const QRect &available, const QList<QSize> &sizes) const;
};

} // namespace audin::gui
