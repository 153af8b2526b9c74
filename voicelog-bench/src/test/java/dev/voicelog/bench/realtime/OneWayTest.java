package dev.voicelog.bench.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class OneWayTest {
  @Test
  void keepsEverySampleRecordedByManyThreadsAtOnce() throws InterruptedException {
    OneWay o = new OneWay();
    int threads = 8;
    int each = 10_000;
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> all = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread th = new Thread(() -> {
        try {
          start.await();
        } catch (InterruptedException e) {
          return;
        }
        for (int i = 1; i <= each; i++) {
          o.record(i * 1_000L); // i microseconds
        }
      });
      th.start();
      all.add(th);
    }
    start.countDown();
    for (Thread th : all) {
      th.join();
    }
    assertThat(o.count()).isEqualTo(threads * each);
    assertThat(o.percentileMicros(0.5)).isEqualTo(5_000.0);
    assertThat(o.percentileMicros(0.99)).isEqualTo(9_900.0);
    assertThat(o.summary()).isEqualTo("n=80000 p50=5000.0 p90=9000.0 p99=9900.0 p99.9=9990.0 max=10000.0 us");
  }

  @Test
  void resetStartsAnEmptyIteration() {
    OneWay o = new OneWay();
    o.record(7_000);
    o.reset();
    assertThat(o.summary()).isEqualTo("no samples");
    assertThat(o.percentileMicros(0.5)).isNaN();
    o.record(3_000);
    assertThat(o.summary()).startsWith("n=1 p50=3.0 ");
  }

  @Test
  void saysHowManySamplesDidNotFit() {
    OneWay o = new OneWay();
    for (int i = 0; i < OneWay.CAPACITY + 5; i++) {
      o.record(1_000);
    }
    assertThat(o.count()).isEqualTo(OneWay.CAPACITY + 5);
    assertThat(o.summary()).startsWith("n=" + OneWay.CAPACITY + " ").endsWith(" us (5 more not kept)");
  }
}
