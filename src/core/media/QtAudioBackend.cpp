// SPDX-License-Identifier: GPL-3.0-or-later
#include "QtAudioBackend.h"

#include "SystemAudioDevices.h"
#include "Types.h"

#include <QAudioSink>
#include <QAudioSource>
#include <QMediaDevices>

namespace audin::media {

namespace {
QAudioDevice findDevice(const QList<QAudioDevice> &devices, const QString &wanted, const QAudioDevice &fallback)
{
    if (wanted.isEmpty())
        return fallback;
    for (const QAudioDevice &device : devices) {
        if (QString::fromUtf8(device.id()) == wanted || device.description() == wanted)
            return device;
    }
    return {};
}

QList<AudioDeviceInfo> describeDevices(const QList<QAudioDevice> &devices)
{
    QList<AudioDeviceInfo> out;
    for (const QAudioDevice &device : devices)
        out << AudioDeviceInfo {QString::fromUtf8(device.id()), device.description(), device.isDefault()};
    return out;
}

int bytesToMs(qint64 bytes, const AudioFormatSpec &spec)
{
    const int perMs = spec.bytesPerFrame() * spec.sampleRate / 1000;
    return perMs > 0 ? int(bytes / perMs) : 0;
}
} // namespace

QtAudioBackend::QtAudioBackend(Settings settings, QObject *parent)
    : AudioBackend(parent)
    , m_settings(std::move(settings))
{
    m_playoutTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_playoutTimer, &QTimer::timeout, this, &QtAudioBackend::topUpPlayout);
}

QtAudioBackend::~QtAudioBackend()
{
    stop();
}

QList<AudioDeviceInfo> QtAudioBackend::inputDevices()
{
    return describeDevices(QMediaDevices::audioInputs());
}

QList<AudioDeviceInfo> QtAudioBackend::outputDevices()
{
    return describeDevices(QMediaDevices::audioOutputs());
}

QString QtAudioBackend::describe() const
{
    return QStringLiteral("devices in \"%1\" out \"%2\"").arg(inputDescription(), outputDescription());
}

QString QtAudioBackend::inputDescription() const
{
    return m_source ? m_inputDevice.description() : QString();
}

QString QtAudioBackend::outputDescription() const
{
    return m_sink ? m_outputDevice.description() : QString();
}

QAudioDevice QtAudioBackend::defaultInput() const
{
    const QByteArray id = m_defaults ? m_defaults->defaultInputId() : QByteArray();
    if (!id.isEmpty()) {
        for (const QAudioDevice &device : QMediaDevices::audioInputs()) {
            if (device.id() == id)
                return device;
        }
    }
    return QMediaDevices::defaultAudioInput();
}

QAudioDevice QtAudioBackend::defaultOutput() const
{
    const QByteArray id = m_defaults ? m_defaults->defaultOutputId() : QByteArray();
    if (!id.isEmpty()) {
        for (const QAudioDevice &device : QMediaDevices::audioOutputs()) {
            if (device.id() == id)
                return device;
        }
    }
    return QMediaDevices::defaultAudioOutput();
}

QAudioDevice QtAudioBackend::wantedInput() const
{
    return findDevice(QMediaDevices::audioInputs(), m_settings.inputDevice, defaultInput());
}

QAudioDevice QtAudioBackend::wantedOutput() const
{
    return findDevice(QMediaDevices::audioOutputs(), m_settings.outputDevice, defaultOutput());
}

QAudioFormat QtAudioBackend::chooseFormat(const QAudioDevice &device)
{
    // 48 kHz mono 16-bit spares the resampler (the pipeline's CPU budget counts on it when offered).
    QAudioFormat voice;
    voice.setSampleRate(48000);
    voice.setChannelCount(1);
    voice.setSampleFormat(QAudioFormat::Int16);
    if (device.isFormatSupported(voice))
        return voice;
    QAudioFormat preferred = device.preferredFormat();
    if (preferred.sampleFormat() == QAudioFormat::Unknown)
        preferred.setSampleFormat(QAudioFormat::Int16);
    return preferred;
}

bool QtAudioBackend::start(AudioIo *io, QString *error)
{
    m_io = io;
    if (!m_devices) {
        m_devices = new QMediaDevices(this);
        connect(m_devices, &QMediaDevices::audioInputsChanged, this, &QtAudioBackend::onInputsChanged);
        connect(m_devices, &QMediaDevices::audioOutputsChanged, this, &QtAudioBackend::onOutputsChanged);
        m_defaults = new SystemAudioDevices(this);
        // The server's news may reach us before Qt's lists show it: look again a little later.
        m_recheckTimer.setSingleShot(true);
        m_recheckTimer.setInterval(300);
        connect(&m_recheckTimer, &QTimer::timeout, this, [this] {
            onInputsChanged();
            onOutputsChanged();
        });
        connect(m_defaults, &SystemAudioDevices::changed, this, [this] {
            onInputsChanged();
            onOutputsChanged();
            m_recheckTimer.start();
        });
    }
    const bool playing = m_settings.playout && startPlayout();
    const bool capturing = m_settings.capture && startCapture();
    if (!playing && !capturing && (m_settings.playout || m_settings.capture)) {
        if (error)
            *error = tr("no usable audio device");
        m_io = nullptr;
        return false;
    }
    // A call without a microphone still runs: the far end hears silence and the operator hears them.
    return true;
}

bool QtAudioBackend::startCapture()
{
    stopCapture();
    const QAudioDevice wanted = wantedInput();
    if (!wanted.isNull() && openCapture(wanted))
        return true;
    // The chosen device is missing or refuses to open: the default takes over and the call goes on.
    const QAudioDevice fallback = defaultInput();
    const bool fellBack = !fallback.isNull() && fallback.id() != wanted.id() && openCapture(fallback);
    const QString instead = fellBack ? fallback.description() : QString();
    QString message;
    if (wanted.isNull() && m_settings.inputDevice.isEmpty())
        message = tr("No microphone is available.");
    else if (wanted.isNull())
        message = fellBack
            ? tr("The microphone \"%1\" is not available; using \"%2\" instead.").arg(m_settings.inputDevice, instead)
            : tr("The microphone \"%1\" is not available.").arg(m_settings.inputDevice);
    else
        message = fellBack
            ? tr("The microphone \"%1\" could not be opened; using \"%2\" instead.").arg(wanted.description(), instead)
            : tr("The microphone \"%1\" could not be opened.").arg(wanted.description());
    m_io->deviceError(QString::fromLatin1(ErrorCode::MicUnavailable), message);
    return fellBack;
}

bool QtAudioBackend::openCapture(const QAudioDevice &device)
{
    const QAudioFormat format = chooseFormat(device);
    auto source = std::make_unique<QAudioSource>(device, format);
    source->setBufferSize(format.bytesForDuration(m_settings.captureBufferMs * 1000));
    QIODevice *io = source->start();
    if (!io || source->error() == QAudio::OpenError) {
        source->stop();
        return false;
    }
    m_source = std::move(source);
    m_sourceIo = io;
    m_inputDevice = device;
    m_captureSpec = AudioFormatSpec::fromQAudioFormat(format);
    connect(m_source.get(), &QAudioSource::stateChanged, this, [this](QAudio::State) {
        if (m_source && m_source->error() != QAudio::NoError && m_source->error() != QAudio::UnderrunError) {
            m_io->deviceError(QString::fromLatin1(ErrorCode::MicUnavailable),
                              m_source->error() == QAudio::OpenError
                                  ? tr("The microphone \"%1\" could not be opened.").arg(m_inputDevice.description())
                                  : tr("The microphone \"%1\" stopped working.").arg(m_inputDevice.description()));
        }
    });
    connect(m_sourceIo.data(), &QIODevice::readyRead, this, [this] {
        if (!m_sourceIo)
            return;
        m_readBuffer = m_sourceIo->readAll();
        if (!m_readBuffer.isEmpty())
            m_io->captureAvailable(m_readBuffer.constData(), m_readBuffer.size());
    });
    return true;
}

bool QtAudioBackend::startPlayout()
{
    stopPlayout();
    const QAudioDevice wanted = wantedOutput();
    if (!wanted.isNull() && openPlayout(wanted))
        return true;
    const QAudioDevice fallback = defaultOutput();
    const bool fellBack = !fallback.isNull() && fallback.id() != wanted.id() && openPlayout(fallback);
    const QString instead = fellBack ? fallback.description() : QString();
    QString message;
    if (wanted.isNull() && m_settings.outputDevice.isEmpty())
        message = tr("No speaker or headset is available.");
    else if (wanted.isNull())
        message = fellBack
            ? tr("The speaker \"%1\" is not available; using \"%2\" instead.").arg(m_settings.outputDevice, instead)
            : tr("The speaker \"%1\" is not available.").arg(m_settings.outputDevice);
    else
        message = fellBack
            ? tr("The speaker \"%1\" could not be opened; using \"%2\" instead.").arg(wanted.description(), instead)
            : tr("The speaker \"%1\" could not be opened.").arg(wanted.description());
    m_io->deviceError(QString::fromLatin1(ErrorCode::AudioDeviceError), message);
    return fellBack;
}

bool QtAudioBackend::openPlayout(const QAudioDevice &device)
{
    const QAudioFormat format = chooseFormat(device);
    auto sink = std::make_unique<QAudioSink>(device, format);
    sink->setBufferSize(format.bytesForDuration(m_settings.playoutBufferMs * 1000));
    QIODevice *io = sink->start();
    if (!io || sink->error() == QAudio::OpenError) {
        sink->stop();
        return false;
    }
    m_sink = std::move(sink);
    m_sinkIo = io;
    m_outputDevice = device;
    m_playoutSpec = AudioFormatSpec::fromQAudioFormat(format);
    connect(m_sink.get(), &QAudioSink::stateChanged, this, [this](QAudio::State) {
        if (m_sink && m_sink->error() != QAudio::NoError && m_sink->error() != QAudio::UnderrunError)
            m_io->deviceError(QString::fromLatin1(ErrorCode::AudioDeviceError),
                              tr("The speaker \"%1\" stopped working.").arg(m_outputDevice.description()));
    });
    m_playoutClock.start();
    m_playoutBytesDue = 0;
    m_playoutBytesWritten = 0;
    topUpPlayout();
    m_playoutTimer.start(5);
    return true;
}

void QtAudioBackend::topUpPlayout()
{
    if (!m_sink || !m_sinkIo)
        return;
    if (m_settings.lossless) {
        topUpLossless();
        return;
    }
    const int frameBytes = m_playoutSpec.bytesPerFrame();
    const qint64 bytesPerMs = qint64(m_playoutSpec.sampleRate) * frameBytes / 1000;
    // Everything due by the clock (plus the initial queue), in whole frames.
    qint64 due = (m_playoutClock.elapsed() + m_settings.playoutBufferMs) * bytesPerMs - m_playoutBytesDue;
    due -= due % frameBytes;
    if (due <= 0)
        return;
    m_playoutBytesDue += due;
    // Rendered either way, so the jitter buffer and the recording tap run on real time.
    m_playoutBuffer.resize(due);
    m_io->fillPlayout(m_playoutBuffer.data(), due);
    if (playoutLatencyMs() > m_settings.playoutBufferMs + 20) {
        // The device queued more than asked (PulseAudio starts a stream late and keeps what was
        // written meanwhile; a card slower than our clock does the same slowly): drop this chunk
        // rather than carry the extra delay for the rest of the call.
        return;
    }
    const qint64 written = m_sinkIo->write(m_playoutBuffer.constData(), due);
    if (written > 0)
        m_playoutBytesWritten += written;
}

void QtAudioBackend::topUpLossless()
{
    // PulseAudio reports processed audio in steps of tens of ms, so the measured queue swings; the
    // clock-paced path drops whole chunks on every swing (a stuttering ringtone). Here the queue
    // is only filled up to the bound, whatever the clock says.
    if (!m_unwritten.isEmpty()) {
        const qint64 written = m_sinkIo->write(m_unwritten.constData(), m_unwritten.size());
        if (written > 0) {
            m_playoutBytesWritten += written;
            m_unwritten.remove(0, written);
        }
        if (!m_unwritten.isEmpty())
            return;
    }
    const int frameBytes = m_playoutSpec.bytesPerFrame();
    const qint64 bytesPerMs = qint64(m_playoutSpec.sampleRate) * frameBytes / 1000;
    qint64 room = (m_settings.playoutBufferMs + 20 - playoutLatencyMs()) * bytesPerMs;
    room -= room % frameBytes;
    if (room <= 0)
        return;
    m_playoutBuffer.resize(room);
    m_io->fillPlayout(m_playoutBuffer.data(), room);
    const qint64 written = std::max<qint64>(0, m_sinkIo->write(m_playoutBuffer.constData(), room));
    m_playoutBytesWritten += written;
    if (written < room)
        m_unwritten = m_playoutBuffer.mid(written);
}

void QtAudioBackend::stop()
{
    m_recheckTimer.stop();
    stopCapture();
    stopPlayout();
    m_io = nullptr; // device-list changes after this must not reopen anything
}

void QtAudioBackend::stopCapture()
{
    if (m_source) {
        m_source->disconnect(this);
        m_source->stop();
        m_source.reset();
    }
    m_sourceIo.clear();
}

void QtAudioBackend::stopPlayout()
{
    m_playoutTimer.stop();
    m_unwritten.clear();
    if (m_sink) {
        m_sink->disconnect(this);
        m_sink->stop();
        m_sink.reset();
    }
    m_sinkIo.clear();
}

bool QtAudioBackend::switchDevices(const QString &input, const QString &output)
{
    const bool inputChanged = input != m_settings.inputDevice;
    const bool outputChanged = output != m_settings.outputDevice;
    m_settings.inputDevice = input;
    m_settings.outputDevice = output;
    if (!m_io)
        return true; // start() opens them
    bool moved = false;
    // Another name for the device already in use (its id, its description, or the default it is) moves nothing.
    if (inputChanged && m_settings.capture) {
        const QAudioDevice target = wantedInput();
        if (!m_source || target.isNull() || target.id() != m_inputDevice.id()) {
            startCapture();
            moved = true;
        }
    }
    if (outputChanged && m_settings.playout) {
        const QAudioDevice target = wantedOutput();
        if (!m_sink || target.isNull() || target.id() != m_outputDevice.id()) {
            startPlayout();
            moved = true;
        }
    }
    if (moved)
        emit devicesChanged(inputDescription(), outputDescription());
    return true;
}

void QtAudioBackend::onInputsChanged()
{
    if (!m_io || !m_settings.capture)
        return;
    // The device to be on now: the chosen one (back again?), else the default (a new one?).
    QAudioDevice target = wantedInput();
    if (target.isNull())
        target = defaultInput();
    if (m_source && !target.isNull() && target.id() == m_inputDevice.id())
        return;
    const bool wasOpen = bool(m_source);
    if (startCapture() || wasOpen)
        emit devicesChanged(inputDescription(), outputDescription());
}

void QtAudioBackend::onOutputsChanged()
{
    if (!m_io || !m_settings.playout)
        return;
    QAudioDevice target = wantedOutput();
    if (target.isNull())
        target = defaultOutput();
    if (m_sink && !target.isNull() && target.id() == m_outputDevice.id())
        return;
    const bool wasOpen = bool(m_sink);
    if (startPlayout() || wasOpen)
        emit devicesChanged(inputDescription(), outputDescription());
}

void QtAudioBackend::restartCapture()
{
    // The device stopped delivering without Qt noticing (PulseAudio moved or killed the stream):
    // reopen the chosen device, or the default if the chosen one is gone.
    if (!m_io || !m_settings.capture)
        return;
    if (startCapture())
        emit devicesChanged(inputDescription(), outputDescription());
}

int QtAudioBackend::playoutLatencyMs() const
{
    if (!m_sink)
        return 0;
    const qint64 writtenUs
        = m_playoutBytesWritten * 1000000 / (qint64(m_playoutSpec.sampleRate) * m_playoutSpec.bytesPerFrame());
    return int(std::max<qint64>(0, writtenUs - m_sink->processedUSecs()) / 1000);
}

int QtAudioBackend::captureLatencyMs() const
{
    if (!m_source)
        return 0;
    return bytesToMs(m_source->bytesAvailable(), m_captureSpec) + m_settings.captureBufferMs / 2;
}

} // namespace audin::media
