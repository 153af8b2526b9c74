package dev.voicelog.audio.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AudioFormatTest {
  @Test
  void wireFormatsKnowTheirRateAndBytesPerMillisecond() {
    assertThat(AudioFormat.realtimeBeta("pcm16")).isEqualTo(AudioFormat.REALTIME_PCM16);
    assertThat(AudioFormat.REALTIME_PCM16.bytesPerMs()).isEqualTo(48.0);
    assertThat(AudioFormat.realtimeBeta("g711_ulaw").bytesPerMs()).isEqualTo(8.0);
    assertThat(AudioFormat.realtimeBeta("g711_alaw").encoding()).isEqualTo(Encoding.ALAW);
    assertThat(AudioFormat.realtimeGa("audio/pcm", 24000)).isEqualTo(AudioFormat.REALTIME_PCM16);
    assertThat(AudioFormat.realtimeGa("audio/pcm", 0).sampleRate()).isEqualTo(24000);
    assertThat(AudioFormat.realtimeGa("audio/pcmu", 0)).isEqualTo(AudioFormat.REALTIME_G711_ULAW);
    assertThat(AudioFormat.realtimeGa("audio/pcma", 0)).isEqualTo(AudioFormat.REALTIME_G711_ALAW);
    assertThat(AudioFormat.twilio("audio/x-mulaw", 8000, 1)).isEqualTo(AudioFormat.TWILIO_MULAW);
    assertThat(AudioFormat.TWILIO_MULAW.durationNanos(160)).isEqualTo(20_000_000L);
    assertThat(AudioFormat.audioSocket(0x10)).isEqualTo(AudioFormat.AUDIOSOCKET_SLIN);
    assertThat(AudioFormat.audioSocket(0x15).sampleRate()).isEqualTo(44_100);
    assertThat(AudioFormat.audioSocket(0x15).bytesPerMs()).isEqualTo(88.2);
    assertThat(AudioFormat.audioSocket(0x18).sampleRate()).isEqualTo(192_000);
    assertThat(AudioFormat.parse("slin16").audioSocketKind()).isEqualTo(0x12);
    assertThatThrownBy(() -> AudioFormat.audioSocket(0x19)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void withRateAndWithChannelsChangeOnlyTheirOwnField() {
    AudioFormat slin16 = AudioFormat.parse("slin16");
    assertThat(AudioFormat.TWILIO_MULAW.withRate(16_000)).isEqualTo(AudioFormat.of(Encoding.ULAW, 16_000, 1));
    assertThat(slin16.withRate(8_000)).isEqualTo(AudioFormat.AUDIOSOCKET_SLIN);
    assertThat(AudioFormat.REALTIME_PCM16.withChannels(2).bytesPerMs()).isEqualTo(96.0);
  }

  @Test
  void parsesNameAtRateAndTheAliases() {
    assertThat(AudioFormat.parse("pcm16le@24000")).isEqualTo(AudioFormat.REALTIME_PCM16);
    assertThat(AudioFormat.parse("PCM16BE@16000")).isEqualTo(AudioFormat.of(Encoding.PCM16BE, 16000));
    assertThat(AudioFormat.parse("ulaw")).isEqualTo(AudioFormat.parse("ulaw@8000"));
    assertThat(AudioFormat.parse("alaw@16k")).isEqualTo(AudioFormat.of(Encoding.ALAW, 16000));
    assertThat(AudioFormat.parse("audio/x-mulaw")).isEqualTo(AudioFormat.TWILIO_MULAW);
    assertThat(AudioFormat.parse("audio/pcm@16000").sampleRate()).isEqualTo(16000);
    assertThat(AudioFormat.parse("slin44")).isEqualTo(AudioFormat.of(Encoding.PCM16LE, 44100));
    assertThat(AudioFormat.parse(AudioFormat.REALTIME_PCM16.toString())).isEqualTo(AudioFormat.REALTIME_PCM16);
  }

  @Test
  void rejectsContradictionsAndUnknownNamesInOneLine() {
    assertThatThrownBy(() -> AudioFormat.parse("pcm16@8000")).hasMessageContaining("pcm16 is always 24000 Hz");
    assertThatThrownBy(() -> AudioFormat.parse("g711_ulaw@16000")).hasMessageContaining("always 8000");
    assertThatThrownBy(() -> AudioFormat.parse("pcm16le")).hasMessageContaining("needs a sample rate");
    assertThatThrownBy(() -> AudioFormat.parse("mp3@44100")).hasMessageContaining("unknown audio format 'mp3@44100'");
    assertThatThrownBy(() -> AudioFormat.parse("ulaw@fast")).hasMessageContaining("bad sample rate");
    assertThatThrownBy(() -> AudioFormat.parse("ulaw@100")).hasMessageContaining("1000 to 384000");
  }
}
