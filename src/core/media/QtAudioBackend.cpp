// SPDX-License-Identifier: GPL-3.0-or-later
#include "QtAudioBackend.h"

#include "Types.h"

#include <QAudioSink>
#include <QAudioSource>
#include <QMediaDevices>

namespace audin::media {

/** Pull-mode source for QAudioSink: every read asks the engine for exactly that much audio. */
class QtAudioBackend::PlayoutDevice final : public QIODevice
{
public:
    explicit PlayoutDevice(AudioIo *io)
        : m_io(io)
    {
    }
    qint64 readData(char *data, qint64 maxSize) override
    {
        // Whole frames only; the sink asks again for the rest.
        const qint64 bytes = maxSize - maxSize % m_frameBytes;
        if (bytes > 0)
            m_io->fillPlayout(data, bytes);
        return bytes;
    }
    qint64 writeData(const char *, qint64) override { return -1; }
    qint64 bytesAvailable() const override { return std::numeric_limits<int>::max(); }
    bool isSequential() const override { return true; }
    void setFrameBytes(int bytes) { m_frameBytes = std::max(1, bytes); }

private:
    AudioIo *m_io;
    int m_frameBytes = 2;
};

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
    m_playoutIo = std::make_unique<PlayoutDevice>(m_io);
    m_playoutIo->setFrameBytes(m_playoutSpec.bytesPerFrame());
    m_playoutIo->open(QIODevice::ReadOnly);
    m_sink->start(m_playoutIo.get());
    if (m_sink->error() == QAudio::OpenError) {
        m_io->deviceError(QString::fromLatin1(ErrorCode::AudioDeviceError),
                          QStringLiteral("The speaker \"%1\" could not be opened.").arg(m_outputDevice.description()));
        stopPlayout();
        return false;
    }
    return true;
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
    if (m_sink) {
        m_sink->disconnect(this);
        m_sink->stop();
        m_sink.reset();
    }
    m_playoutIo.reset();
}

void QtAudioBackend::onInputsChanged()
{
    const QList<QAudioDevice> inputs = QMediaDevices::audioInputs();
    const bool present = std::any_of(inputs.cbegin(), inputs.cend(),
                                     [this](const QAudioDevice &d) { return d.id() == m_inputDevice.id(); });
    if (present && m_source)
        return;
    // The device in use went away (or none was there): fall back to the default, keep the call.
    m_settings.inputDevice.clear();
    if (startCapture())
        emit devicesChanged(m_inputDevice.description(), m_outputDevice.description());
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

int QtAudioBackend::playoutLatencyMs() const
{
    if (!m_sink)
        return 0;
    return bytesToMs(m_sink->bufferSize() - m_sink->bytesFree(), m_playoutSpec);
}

int QtAudioBackend::captureLatencyMs() const
{
    if (!m_source)
        return 0;
    return bytesToMs(m_source->bytesAvailable(), m_captureSpec) + m_settings.captureBufferMs / 2;
}

} // namespace audin::media
