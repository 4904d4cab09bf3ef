// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

namespace audin::gui {

/**
 * Call quality as four signal bars from the MOS estimate (4.2+ = 4 bars, 3.6 = 3, 3.1 = 2, else 1),
 * the way phones show reception. Grey until the first measurement.
 */
class QualityBars : public QWidget
{
    Q_OBJECT
public:
    explicit QualityBars(QWidget *parent = nullptr);

    void setMos(double mos); ///< negative: not measured yet
    double mos() const { return m_mos; }
    int bars() const;
    static int barsForMos(double mos);
    QSize sizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    double m_mos = -1;
};

} // namespace audin::gui
