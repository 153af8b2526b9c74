package dev.voicelog.bench.analysis;

import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The peer of {@code voicelog stats}: DuckDB reads the same native log with {@code read_ndjson} and
 * computes the same per-turn metrics and their statistics in SQL, following DESIGN.md's definitions as
 * voicelog implements them (docs/analysis.md):
 * <ul>
 *   <li>events ordered per session by {@code t}, then {@code seq}; those with a {@code seq} after the
 *       session's SESSION_END are not part of it;</li>
 *   <li>a USER_SPEECH_START or RECORDING_START begins a turn unless there is a previous one in the session
 *       with no agent event and no user end (USER_SPEECH_END, RECORDING_END) since: voicelog's rule (the
 *       user part of the turn is still open), except that here a barge-in's playback stop, which voicelog
 *       gives to the previous turn, still counts as an agent event (two speech starts around one such stop
 *       with no speech end between: the generator never writes that); events before the first turn form
 *       one only if the agent acted;</li>
 *   <li>the first TTS_PLAYBACK_END/INTERRUPTED of a turn that has no playback start of its own before it
 *       belongs to the previous turn when that turn's playback was left running, no stop after its
 *       playback start (a barge-in);</li>
 *   <li>each milestone is the first by {@code t} in its turn; a metric is end - start when end &gt;= start;
 *       tool calls pair in order, and count when both ends are in one turn;</li>
 *   <li>percentiles with {@code quantile_cont}.</li>
 * </ul>
 * Foreign (Realtime) event types are not mapped here: the generated log has none.
 */
final class DuckDbStats {
  static final String[] METRICS = {"voice_to_voice", "response_time", "ttfa", "llm_ttft", "stt_latency",
      "transcription_delay", "eou_delay", "think_time", "tool_time", "playback_duration", "recording_duration",
      "user_speech"};

  private static final String AGENT_TYPES = "'LLM_REQUEST','LLM_FIRST_TOKEN','LLM_COMPLETE','LLM_ERROR','TOOL_REQUEST_START',"
      + "'TOOL_REQUEST_END','TTS_REQUEST','TTS_START','TTS_FIRST_AUDIO','TTS_PLAYBACK_START','TTS_PLAYBACK_END',"
      + "'TTS_PLAYBACK_INTERRUPTED','TTS_ERROR'";

  private DuckDbStats() {}

  static String sql(Path file) {
    String path = file.toAbsolutePath().toString().replace("'", "''");
    StringBuilder select = new StringBuilder("SELECT count(*) AS turns");
    for (String m : METRICS) {
      select.append(",\n  count(").append(m).append("), avg(").append(m).append("), min(").append(m)
          .append("), quantile_cont(").append(m).append(", [0.5, 0.9, 0.95, 0.99]), max(").append(m).append(')');
    }
    return """
        WITH raw AS MATERIALIZED (
          SELECT session_id AS s, COALESCE(seq, 0) AS sq, CAST(t * 1000000 AS BIGINT) AS tm, event_type AS ty
          FROM read_ndjson('%s', columns = {event_type: 'VARCHAR', session_id: 'VARCHAR', seq: 'BIGINT', t: 'DECIMAL(18,6)'})
        ),
        ev AS (
          SELECT s, sq, tm, ty, ty IN ('USER_SPEECH_START', 'RECORDING_START') AS us, ty IN (%s) AS ag,
                 ty IN ('TTS_PLAYBACK_END', 'TTS_PLAYBACK_INTERRUPTED') AS stop,
                 ty IN ('USER_SPEECH_END', 'RECORDING_END') AS ue,
                 max(CASE WHEN ty = 'SESSION_END' THEN sq END) OVER (PARTITION BY s) AS end_sq
          FROM raw
        ),
        w1 AS (
          SELECT *, row_number() OVER w AS ord, SUM(CASE WHEN ag OR ue THEN 1 ELSE 0 END) OVER w AS agc
          FROM ev WHERE end_sq IS NULL OR sq <= end_sq WINDOW w AS (PARTITION BY s ORDER BY tm, sq ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
        ),
        w2 AS (
          SELECT *, last_value(CASE WHEN us THEN agc END IGNORE NULLS) OVER p AS prev_agc
          FROM w1 WINDOW p AS (PARTITION BY s ORDER BY ord ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
        ),
        w3 AS (
          SELECT *, SUM(CASE WHEN us AND NOT (prev_agc IS NOT NULL AND prev_agc = agc) THEN 1 ELSE 0 END)
                    OVER (PARTITION BY s ORDER BY ord ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS turn
          FROM w2
        ),
        tagg AS (
          SELECT s, turn, min(CASE WHEN ty = 'TTS_PLAYBACK_START' THEN ord END) AS ps,
                 min(CASE WHEN stop THEN ord END) AS first_stop, max(CASE WHEN stop THEN ord END) AS last_stop
          FROM w3 GROUP BY s, turn
        ),
        w4 AS (
          SELECT w3.s, w3.ty, w3.tm, w3.ord, w3.ag,
                 CASE WHEN w3.stop AND w3.ord = cur.first_stop AND (cur.ps IS NULL OR cur.ps > w3.ord)
                           AND prev.ps IS NOT NULL AND (prev.last_stop IS NULL OR prev.last_stop < prev.ps)
                      THEN w3.turn - 1 ELSE w3.turn END AS turn
          FROM w3 JOIN tagg cur ON cur.s = w3.s AND cur.turn = w3.turn
          LEFT JOIN tagg prev ON prev.s = w3.s AND prev.turn = w3.turn - 1
        ),
        m AS (
          SELECT s, turn,
            min(tm) FILTER (WHERE ty = 'RECORDING_START') AS rs, min(tm) FILTER (WHERE ty = 'RECORDING_END') AS re,
            min(tm) FILTER (WHERE ty = 'USER_SPEECH_START') AS uss, min(tm) FILTER (WHERE ty = 'USER_SPEECH_END') AS use,
            min(tm) FILTER (WHERE ty = 'TURN_END_DETECTED') AS ted, min(tm) FILTER (WHERE ty = 'STT_START') AS sts,
            min(tm) FILTER (WHERE ty = 'STT_COMPLETE') AS stc, min(tm) FILTER (WHERE ty = 'LLM_REQUEST') AS lr,
            min(tm) FILTER (WHERE ty = 'LLM_FIRST_TOKEN') AS lft, min(tm) FILTER (WHERE ty = 'TTS_START') AS ts,
            min(tm) FILTER (WHERE ty = 'TTS_FIRST_AUDIO') AS tfa, min(tm) FILTER (WHERE ty = 'TTS_PLAYBACK_START') AS ps,
            min(tm) FILTER (WHERE ty IN ('TTS_PLAYBACK_END', 'TTS_PLAYBACK_INTERRUPTED')) AS pstop,
            bool_or(ag) AS any_ag
          FROM w4 GROUP BY s, turn
        ),
        tools AS (
          SELECT s, turn, tm, ty, row_number() OVER (PARTITION BY s, ty ORDER BY tm, ord) AS k
          FROM w4 WHERE ty IN ('TOOL_REQUEST_START', 'TOOL_REQUEST_END')
        ),
        tt AS (
          SELECT a.s, a.turn, sum(b.tm - a.tm) AS tool
          FROM tools a JOIN tools b ON a.s = b.s AND a.k = b.k AND a.ty = 'TOOL_REQUEST_START' AND b.ty = 'TOOL_REQUEST_END'
          WHERE a.turn = b.turn AND b.tm >= a.tm
          GROUP BY a.s, a.turn
        ),
        turns AS (
          SELECT m.*, coalesce(use, re) AS ue, coalesce(uss, rs) AS ust, tt.tool
          FROM m LEFT JOIN tt ON tt.s = m.s AND tt.turn = m.turn
          WHERE m.turn > 0 OR m.any_ag
        ),
        vals AS (
          SELECT
            CASE WHEN ps >= ue THEN ps - ue END AS voice_to_voice,
            CASE WHEN ts >= ue THEN ts - ue END AS response_time,
            CASE WHEN tfa >= ts THEN tfa - ts END AS ttfa,
            CASE WHEN lft >= lr THEN lft - lr END AS llm_ttft,
            CASE WHEN stc >= sts THEN stc - sts END AS stt_latency,
            CASE WHEN stc >= ue THEN stc - ue END AS transcription_delay,
            CASE WHEN ted >= ue THEN ted - ue END AS eou_delay,
            CASE WHEN ts >= stc THEN ts - stc END AS think_time,
            tool AS tool_time,
            CASE WHEN pstop >= ps THEN pstop - ps END AS playback_duration,
            CASE WHEN re >= rs THEN re - rs END AS recording_duration,
            CASE WHEN ue >= ust THEN ue - ust END AS user_speech
          FROM turns
        )
        %s
        FROM vals
        """.formatted(path, AGENT_TYPES, select);
  }

  /**
   * For reference: DuckDB reading the same columns and counting rows per event type, without any turn
   * logic (the "simpler group-by" of a plain scan). Returns the rows read.
   */
  static long scanOnly(Path file, int threads) throws SQLException {
    String path = file.toAbsolutePath().toString().replace("'", "''");
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
      st.execute("SET threads TO " + threads);
      try (ResultSet rs = st.executeQuery("SELECT sum(n) FROM (SELECT event_type, count(*) AS n FROM read_ndjson('" + path
          + "', columns = {event_type: 'VARCHAR', session_id: 'VARCHAR', seq: 'BIGINT', t: 'DECIMAL(18,6)'}) GROUP BY event_type)")) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** Runs the query on {@code threads} threads and returns the statistics (microseconds). */
  static MetricTable run(Path file, int threads) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
      st.execute("SET threads TO " + threads);
      st.execute("SET preserve_insertion_order = false");
      try (ResultSet rs = st.executeQuery(sql(file))) {
        rs.next();
        MetricTable t = new MetricTable(rs.getLong(1));
        int col = 2;
        for (String m : METRICS) {
          long count = rs.getLong(col);
          double mean = rs.getDouble(col + 1);
          double min = rs.getDouble(col + 2);
          Array q = rs.getArray(col + 3);
          double max = rs.getDouble(col + 4);
          col += 5;
          if (count == 0) {
            continue;
          }
          Object[] qs = (Object[]) q.getArray();
          t.rows.put(m, new double[] {count, mean, min, ((Number) qs[0]).doubleValue(), ((Number) qs[1]).doubleValue(),
              ((Number) qs[2]).doubleValue(), ((Number) qs[3]).doubleValue(), max});
        }
        return t;
      }
    }
  }
}
