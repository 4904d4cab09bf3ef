// SPDX-License-Identifier: GPL-3.0-or-later
#include "QtAudioBackend.h"

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
    return QStringLiteral("devices in \"%1\" out \"%2\"")
        .arg(m_inputDevice.description(), m_outputDevice.description());
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
    }
    const bool playing = startPlayout();
    const bool capturing = startCapture();
    if (!playing && !capturing && error)
        *error = QStringLiteral("no usable audio device");
    // A call without a microphone still runs: the far end hears silence and the operator hears them.
    return playing || capturing;
}

bool QtAudioBackend::startCapture()
{
    stopCapture();
    m_inputDevice
        = findDevice(QMediaDevices::audioInputs(), m_settings.inputDevice, QMediaDevices::defaultAudioInput());
    if (m_inputDevice.isNull()) {
        m_io->deviceError(QString::fromLatin1(ErrorCode::MicUnavailable),
                          m_settings.inputDevice.isEmpty()
                              ? QStringLiteral("No microphone is available.")
                              : QStringLiteral("The microphone \"%1\" is not available.").arg(m_settings.inputDevice));
        return false;
    }
    const QAudioFormat format = chooseFormat(m_inputDevice);
    m_captureSpec = AudioFormatSpec::fromQAudioFormat(format);
    m_source = std::make_unique<QAudioSource>(m_inputDevice, format);
    m_source->setBufferSize(format.bytesForDuration(m_settings.captureBufferMs * 1000));
    connect(m_source.get(), &QAudioSource::stateChanged, this, [this](QAudio::State) {
        if (m_source && m_source->error() != QAudio::NoError && m_source->error() != QAudio::UnderrunError) {
            const QString what = m_source->error() == QAudio::OpenError ? QStringLiteral("could not be opened")
                                                                        : QStringLiteral("stopped working");
            m_io->deviceError(QString::fromLatin1(ErrorCode::MicUnavailable),
                              QStringLiteral("The microphone \"%1\" %2.").arg(m_inputDevice.description(), what));
        }
    });
    m_sourceIo = m_source->start();
    if (!m_sourceIo) {
        m_io->deviceError(
            QString::fromLatin1(ErrorCode::MicUnavailable),
            QStringLiteral("The microphone \"%1\" could not be opened.").arg(m_inputDevice.description()));
        m_source.reset();
        return false;
    }
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
    m_outputDevice
        = findDevice(QMediaDevices::audioOutputs(), m_settings.outputDevice, QMediaDevices::defaultAudioOutput());
    if (m_outputDevice.isNull()) {
        m_io->deviceError(QString::fromLatin1(ErrorCode::AudioDeviceError),
                          QStringLiteral("No speaker or headset is available."));
        return false;
    }
    const QAudioFormat format = chooseFormat(m_outputDevice);
    m_playoutSpec = AudioFormatSpec::fromQAudioFormat(format);
    m_sink = std::make_unique<QAudioSink>(m_outputDevice, format);
    m_sink->setBufferSize(format.bytesForDuration(m_settings.playoutBufferMs * 1000));
    connect(m_sink.get(), &QAudioSink::stateChanged, this, [this](QAudio::State) {
        if (m_sink && m_sink->error() != QAudio::NoError && m_sink->error() != QAudio::UnderrunError)
            m_io->deviceError(QString::fromLatin1(ErrorCode::AudioDeviceError),
                              QStringLiteral("The speaker \"%1\" stopped working.").arg(m_outputDevice.description()));
    });
    m_sinkIo = m_sink->start();
    if (!m_sinkIo || m_sink->error() == QAudio::OpenError) {
        m_io->deviceError(QString::fromLatin1(ErrorCode::AudioDeviceError),
                          QStringLiteral("The speaker \"%1\" could not be opened.").arg(m_outputDevice.description()));
        stopPlayout();
        return false;
    }
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

void QtAudioBackend::stop()
{
    stopCapture();
    stopPlayout();
}

void QtAudioBackend::stopCapture()
{
    if (m_source) {
        m_source->disconnect(this);
        m_source->stop();
        m_source.reset();
    }
}

void QtAudioBackend::stopPlayout()
{
    m_playoutTimer.stop();
    if (m_sink) {
        m_sink->disconnect(this);
        m_sink->stop();
        m_sink.reset();
    }
    m_sinkIo.clear();
}

void QtAudioBackend::onInputsChanged()
{
    recoverCapture(false);
}

void QtAudioBackend::onOutputsChanged()
{
    const QList<QAudioDevice> outputs = QMediaDevices::audioOutputs();
    const bool present = std::any_of(outputs.cbegin(), outputs.cend(),
                                     [this](const QAudioDevice &d) { return d.id() == m_outputDevice.id(); });
    if (present && m_sink)
        return;
    m_settings.outputDevice.clear();
    if (startPlayout())
        emit devicesChanged(m_inputDevice.description(), m_outputDevice.description());
}

void QtAudioBackend::restartCapture()
{
    // The device stopped delivering without Qt noticing (PulseAudio moved or killed the stream).
    recoverCapture(true);
}

void QtAudioBackend::recoverCapture(bool evenIfListed)
{
    const QList<QAudioDevice> inputs = QMediaDevices::audioInputs();
    const bool listed = std::any_of(inputs.cbegin(), inputs.cend(),
                                    [this](const QAudioDevice &d) { return d.id() == m_inputDevice.id(); });
    if (listed && m_source && !evenIfListed)
        return;
    // The chosen device is gone (or none was there): the default takes over and the call goes on.
    if (!listed)
        m_settings.inputDevice.clear();
    if (startCapture())
        emit devicesChanged(m_inputDevice.description(), m_outputDevice.description());
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
