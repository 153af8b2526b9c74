package dev.voicelog.web;

import dev.voicelog.EventType;
import dev.voicelog.Session;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Random;

/**
 * The logs the page tests look at: a call with a greeting, a tool call, a barge-in, a slow turn and a
 * recording; a call whose transcripts are XSS probes; a call with a broken turn; a crowd of ordinary calls
 * for the distributions; and two lines that are not events.
 */
final class Demo {
  static final String MAIN = "call-lisbon-0001";
  static final String XSS = "call-xss-0002";
  static final String BROKEN = "call-broken-0003";
  static final String XSS_USER = "<img src=x onerror=alert(1)>";
  static final String XSS_AGENT = "</script><script>alert(2)</script>";
  static final String XSS_FIELD = "<b onmouseover=alert(3)>acme</b>";
  static final String RECORDING = "call-lisbon-0001.wav";
  /** Line numbers of the two malformed lines, appended after everything else. */
  static final String[] BAD_LINES = {"this line is not JSON at all", "{\"event_type\": 42, \"session_id\": \"x\"}"};

  private Demo() {}

  /** Writes the demo logs into {@code dir}; returns the number of conversations. */
  static int write(Path dir, int crowd) throws IOException {
    try (Calls calls = new Calls(dir)) {
      Session s = calls.start(MAIN, Map.of("agent", "front-desk", "provider", "openai", "model", "gpt-4o-mini"));
      calls.greet(s, "Hello! Thanks for calling the Lisbon office. How can I help?");
      calls.turn(s, Calls.turn().says("What's the weather like in Lisbon today?", "Sunny and twenty-two degrees."));
      calls.turn(s, Calls.turn().tool(650).llm(520).says("And are you open on Saturday?",
          "Let me check... Yes, on Saturdays we open from ten to two."));
      calls.turn(s, Calls.turn().interrupted().play(4200).says("Can I book a table for four?",
          "Of course. For which day would you like to book, and at what time? We have several"));
      calls.turn(s, Calls.turn().llm(1900).tts(420).says("Tomorrow at eight.", "Done: a table for four, tomorrow at eight."));
      calls.recording(s, RECORDING, 0.0, 30.0);
      calls.end(s);
      calls.idle(20_000);

      Session x = calls.start(XSS, Map.of("provider", XSS_FIELD));
      calls.turn(x, Calls.turn().says(XSS_USER, XSS_AGENT));
      calls.end(x);
      calls.idle(15_000);

      Session b = calls.start(BROKEN, Map.of("provider", "openai"));
      b.nextTurn();
      calls.clock.advanceMillis(1500);
      b.event(EventType.USER_SPEECH_START).earlierBy(java.time.Duration.ofMillis(1200)).log();
      b.log(EventType.USER_SPEECH_END);
      calls.clock.advanceMillis(300);
      b.event(EventType.STT_COMPLETE).put("transcript", "Hello?").log();
      calls.clock.advanceMillis(50);
      b.log(EventType.LLM_REQUEST);
      calls.clock.advanceMillis(2000);
      b.event(EventType.LLM_ERROR).put("error", "upstream timeout after 2000 ms").log();
      calls.clock.advanceMillis(100);
      b.event(EventType.TTS_START).put("text", "Sorry, something went wrong.").log();
      calls.clock.advanceMillis(100);
      b.log(EventType.TTS_PLAYBACK_START);
      calls.end(b);

      Random r = new Random(42);
      for (int i = 0; i < crowd; i++) {
        calls.idle(5_000 + r.nextInt(60_000));
        Session c = calls.start(String.format("call-%05d", 100 + i), Map.of("provider", r.nextBoolean() ? "openai" : "deepgram",
            "model", r.nextBoolean() ? "gpt-4o-mini" : "gpt-4o"));
        if (r.nextBoolean()) {
          calls.greet(c, "Hi, how can I help?");
        }
        int turns = 1 + r.nextInt(4);
        for (int t = 0; t < turns; t++) {
          Calls.Turn turn = Calls.turn().speech(600 + r.nextInt(2500)).llm(250 + (long) (Math.abs(r.nextGaussian()) * 450))
              .tts(120 + r.nextInt(250)).play(800 + r.nextInt(4000));
          if (r.nextInt(8) == 0) {
            turn.tool(200 + r.nextInt(900));
          }
          if (r.nextInt(6) == 0) {
            turn.interrupted();
          }
          calls.turn(c, turn);
        }
        calls.end(c);
      }
      calls.flush();
    }
    Path file = dir.resolve("voicelog_events.jsonl");
    Files.writeString(file, BAD_LINES[0] + "\n" + BAD_LINES[1] + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    return 3 + crowd;
  }

  /** The 1-based line numbers of {@link #BAD_LINES} in the log. */
  static long[] badLineNumbers(Path dir) throws IOException {
    long n = Files.readAllLines(dir.resolve("voicelog_events.jsonl")).size();
    return new long[] {n - 1, n};
  }
}
