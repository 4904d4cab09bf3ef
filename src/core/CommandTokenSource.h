// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "TokenSource.h"

namespace audin {

/**
 * Token from an external command run through the system shell (like git credential helpers):
 * `/bin/sh -c CMD` (`cmd.exe /C` on Windows). The command prints the token JSON on stdout;
 * a non-zero exit, a crash, a timeout, or bad JSON is a failure. stderr is logged, stdout never.
 */
class CommandTokenSource final : public TokenSource
{
    Q_OBJECT
public:
    explicit CommandTokenSource(QString command, int timeoutMs = 10000, QObject *parent = nullptr);

    void fetchToken(QObject *context, Callback done) override;
    QString describe() const override;

private:
    QString m_command;
    int m_timeoutMs;
};

} // namespace audin
