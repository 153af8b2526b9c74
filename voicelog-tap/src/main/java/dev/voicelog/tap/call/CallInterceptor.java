package dev.voicelog.tap.call;

import dev.voicelog.tap.relay.Chain;
import dev.voicelog.tap.relay.CloseInfo;
import dev.voicelog.tap.relay.Connection;
import dev.voicelog.tap.relay.Direction;
import dev.voicelog.tap.relay.Interceptor;

/**
 * The order in which a telephony tap handles a call's messages, in one place for every tap. The carrier's
 * (Twilio's, Asterisk's: the client side) are forwarded first and handled afterwards, so the agent gets the
 * caller's audio with no delay. The agent's are handled first, then forwarded: its audio, marks and clears
 * are on the playout model before the carrier can have them, so the model never lags what the carrier could
 * play, and the carrier's answer to them (an echoed mark, the caller's next frame) always finds them there.
 * The handling is a decode, a VAD step and a queue offer: microseconds (BENCHMARKS.md, "Telephony taps").
 * When the connection ends, the call's audio ends with it.
 *
 * <p>What a message means for the call is each tap's own {@link Handler}; the order, and the end of the call's
 * audio, are this class's.
 *
 * <p><b>Threads, failure.</b> As every {@link Interceptor}: each direction's messages arrive one at a time on
 * that direction's thread, the two directions concurrently (the {@link CallAudio} they share is
 * thread-safe). The handler runs inside the relay; the relay logs what it throws and keeps relaying.
 */
public final class CallInterceptor implements Interceptor {
  /** What one message means for the call: a tap's wire format read into its {@link CallAudio}. */
  @FunctionalInterface
  public interface Handler {
    /** Handles one message; {@code fromCarrier} when it comes from the carrier (else from the agent). */
    void handle(Chain chain, boolean fromCarrier);
  }

  private final CallAudio audio;
  private final Handler handler;

  private CallInterceptor(CallAudio audio, Handler handler) {
    this.audio = audio;
    this.handler = handler;
  }

  /** An interceptor that hands each message to {@code handler}, in the order above, and ends {@code audio}. */
  public static CallInterceptor of(CallAudio audio, Handler handler) {
    return new CallInterceptor(audio, handler);
  }

  @Override
  public final void intercept(Chain chain) {
    if (chain.message().direction() == Direction.CLIENT_TO_UPSTREAM) {
      chain.proceed(chain.message());
      handler.handle(chain, true);
    } else {
      handler.handle(chain, false);
      chain.proceed(chain.message());
    }
  }

  /** Ends the call's audio (the recording is saved, the summary logged). */
  @Override
  public void onClose(Connection connection, CloseInfo close) {
    audio.end(connection.session().nanoTime());
  }
}
