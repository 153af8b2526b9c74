package dev.voicelog.tap.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WsFrameTest {
  /** RFC 6455 section 5.3, one byte at a time: what {@link WsFrame#mask} must equal. */
  private static byte[] maskedByteByByte(byte[] data, byte[] key) {
    byte[] out = data.clone();
    for (int i = 0; i < out.length; i++) {
      out[i] ^= key[i % 4];
    }
    return out;
  }

  @Test
  void masksEveryLengthAndOffsetAsTheRfcDoes() {
    Random random = new Random(7);
    byte[] key = new byte[4];
    for (int len = 0; len <= 41; len++) {
      for (int off = 0; off <= 9; off++) {
        byte[] data = new byte[off + len + 3];
        random.nextBytes(data);
        random.nextBytes(key);
        byte[] expected = data.clone();
        byte[] part = java.util.Arrays.copyOfRange(data, off, off + len);
        System.arraycopy(maskedByteByByte(part, key), 0, expected, off, len);
        byte[] keyed = new byte[2 + key.length];
        System.arraycopy(key, 0, keyed, 2, key.length);

        WsFrame.mask(data, off, len, keyed, 2);

        assertThat(data).as("length %d at offset %d", len, off).isEqualTo(expected);
      }
    }
  }

  @Test
  void aMaskedFrameReadsBackAsThePayloadItCarries() throws Exception {
    Random random = new Random(11);
    for (int len : new int[] {0, 1, 7, 8, 9, 125, 126, 1_333, 70_000}) {
      byte[] payload = new byte[len];
      random.nextBytes(payload);
      byte[] wire = WsFrame.encode(WsFrame.BINARY, payload, true);
      int header = wire.length - len;
      byte[] key = java.util.Arrays.copyOfRange(wire, header - 4, header);
      assertThat(java.util.Arrays.copyOfRange(wire, header, wire.length)).isEqualTo(maskedByteByByte(payload, key));

      WsFrame f = WsFrame.read(new ByteArrayInputStream(wire), 1 << 20);

      assertThat(f.masked).isTrue();
      assertThat(f.payload()).as("length %d", len).isEqualTo(payload);
    }
  }
}
