// SPDX-License-Identifier: GPL-3.0-or-later
#include "MprisAdaptors.h"

namespace audin::desktop::mpris {

namespace {
void invoke(const std::function<void()> &action)
{
    if (action)
        action();
}
} // namespace

RootAdaptor::RootAdaptor(QObject *object, std::function<void()> raise)
    : QDBusAbstractAdaptor(object)
    , m_raise(std::move(raise))
{
}

void RootAdaptor::Raise()
{
    invoke(m_raise);
}

PlayerAdaptor::PlayerAdaptor(QObject *object, Actions actions)
    : QDBusAbstractAdaptor(object)
    , m_actions(std::move(actions))
{
}

void PlayerAdaptor::setState(const QString &playbackStatus, const QVariantMap &metadata)
{
    m_playbackStatus = playbackStatus;
    m_metadata = metadata;
}

void PlayerAdaptor::Play()
{
    invoke(m_actions.play);
}

void PlayerAdaptor::Pause()
{
    invoke(m_actions.pause);
}

void PlayerAdaptor::PlayPause()
{
    invoke(m_actions.playPause);
}

void PlayerAdaptor::Stop()
{
    invoke(m_actions.stop);
}

} // namespace audin::desktop::mpris
