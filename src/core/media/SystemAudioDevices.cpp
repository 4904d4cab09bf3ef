// SPDX-License-Identifier: GPL-3.0-or-later
#include "SystemAudioDevices.h"

#ifdef AUDIN_HAVE_PULSE
#include <pulse/context.h>
#include <pulse/introspect.h>
#include <pulse/subscribe.h>
#include <pulse/thread-mainloop.h>
#endif

namespace audin::media {

#ifdef AUDIN_HAVE_PULSE

/** Its own connection and thread (libpulse's threaded main loop); callbacks post to the owner. */
struct SystemAudioDevices::Pulse
{
    SystemAudioDevices *owner = nullptr;
    pa_threaded_mainloop *loop = nullptr;
    pa_context *context = nullptr;

    static void onServerInfo(pa_context *, const pa_server_info *info, void *userdata)
    {
        if (!info)
            return;
        auto *self = static_cast<Pulse *>(userdata);
        const QByteArray source = info->default_source_name ? QByteArray(info->default_source_name) : QByteArray();
        const QByteArray sink = info->default_sink_name ? QByteArray(info->default_sink_name) : QByteArray();
        QMetaObject::invokeMethod(
            self->owner, [owner = self->owner, source, sink] { owner->updateDefaults(source, sink); },
            Qt::QueuedConnection);
    }

    static void onEvent(pa_context *context, pa_subscription_event_type_t type, uint32_t, void *userdata)
    {
        const int facility = type & PA_SUBSCRIPTION_EVENT_FACILITY_MASK;
        const int kind = type & PA_SUBSCRIPTION_EVENT_TYPE_MASK;
        if (facility == PA_SUBSCRIPTION_EVENT_SERVER) {
            if (pa_operation *op = pa_context_get_server_info(context, &Pulse::onServerInfo, userdata))
                pa_operation_unref(op);
        } else if (kind != PA_SUBSCRIPTION_EVENT_CHANGE) {
            // A sink or source came or went (changes are volume and state: far too many, and no news).
            auto *self = static_cast<Pulse *>(userdata);
            QMetaObject::invokeMethod(self->owner, &SystemAudioDevices::changed, Qt::QueuedConnection);
        }
    }

    static void onState(pa_context *context, void *userdata)
    {
        if (pa_context_get_state(context) != PA_CONTEXT_READY)
            return;
        pa_context_set_subscribe_callback(context, &Pulse::onEvent, userdata);
        const auto mask = pa_subscription_mask_t(PA_SUBSCRIPTION_MASK_SERVER | PA_SUBSCRIPTION_MASK_SINK
                                                 | PA_SUBSCRIPTION_MASK_SOURCE);
        if (pa_operation *op = pa_context_subscribe(context, mask, nullptr, nullptr))
            pa_operation_unref(op);
        if (pa_operation *op = pa_context_get_server_info(context, &Pulse::onServerInfo, userdata))
            pa_operation_unref(op);
    }

    bool open()
    {
        loop = pa_threaded_mainloop_new();
        if (!loop)
            return false;
        context = pa_context_new(pa_threaded_mainloop_get_api(loop), "Audin device watch");
        if (!context)
            return false;
        pa_context_set_state_callback(context, &Pulse::onState, this);
        // Never start a sound server just to learn that there is none.
        if (pa_context_connect(context, nullptr, PA_CONTEXT_NOAUTOSPAWN, nullptr) < 0)
            return false;
        return pa_threaded_mainloop_start(loop) >= 0;
    }

    ~Pulse()
    {
        if (loop)
            pa_threaded_mainloop_stop(loop); // joins its thread: no callback runs after this
        if (context) {
            pa_context_set_state_callback(context, nullptr, nullptr);
            pa_context_set_subscribe_callback(context, nullptr, nullptr);
            pa_context_disconnect(context);
            pa_context_unref(context);
        }
        if (loop)
            pa_threaded_mainloop_free(loop);
    }
};

SystemAudioDevices::SystemAudioDevices(QObject *parent)
    : QObject(parent)
    , m_pulse(std::make_unique<Pulse>())
{
    m_pulse->owner = this;
    if (!m_pulse->open())
        m_pulse.reset(); // no server: nothing to follow, Qt's defaults stand
}

#else

struct SystemAudioDevices::Pulse
{
};

SystemAudioDevices::SystemAudioDevices(QObject *parent)
    : QObject(parent)
{
}

#endif

SystemAudioDevices::~SystemAudioDevices() = default;

void SystemAudioDevices::updateDefaults(const QByteArray &inputId, const QByteArray &outputId)
{
    if (inputId == m_inputId && outputId == m_outputId)
        return;
    m_inputId = inputId;
    m_outputId = outputId;
    emit changed();
}

} // namespace audin::media
