// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Types.h"

#include <QWidget>
#include <memory>

namespace Ui {
class DialpadPanel;
}

namespace audin::desktop {
class AppSettings;
class DesktopSession;
} // namespace audin::desktop

namespace audin::gui {

/**
 * Dialling out: the number typed, pasted (any common format, checked as you type and turned into
 * E.164) or keyed in, the caller ID from the operator's own numbers (the last choice remembered),
 * and Call.
 */
class DialpadPanel : public QWidget
{
    Q_OBJECT
public:
    DialpadPanel(desktop::DesktopSession *session, desktop::AppSettings *settings, QWidget *parent = nullptr);
    ~DialpadPanel() override;

    /** Puts a number in the field (call back, tel: links) without dialling. */
    void setNumber(const QString &number);
    /** Empties the field without taking the keyboard focus (a call may be in progress). */
    void clearNumber();
    QString number() const;
    /** The caller ID chosen (E.164), empty when the operator has no numbers yet. */
    QString callerId() const;
    bool setCallerId(const QString &e164);
    /** What the check under the field says: the number to be dialled or why it cannot be. */
    QString feedback() const;
    bool feedbackIsError() const;
    /** Dials the number in the field with the chosen caller ID; false (and the reason shown) if it cannot. */
    bool call();
    void focusNumber();

private:
    void rebuildCallerIds();
    void onTextChanged(const QString &text);
    void showFeedback(const QString &text, bool error);

    std::unique_ptr<Ui::DialpadPanel> m_ui;
    desktop::DesktopSession *m_session;
    desktop::AppSettings *m_settings;
    QString m_previousText;
    bool m_feedbackIsError = false;
};

} // namespace audin::gui
