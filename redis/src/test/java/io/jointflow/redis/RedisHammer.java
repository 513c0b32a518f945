package io.jointflow.redis;

import io.jointflow.spi.SetAdd;
import io.jointflow.spi.WriteOp;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

/**
 * A process for {@link RedisMultiProcessIT}: opens the store, says {@code ready}, waits for {@code
 * go} on stdin, then races its threads (and the other process) on shared keys and prints one line
 * per outcome: {@code claim KEY WON}, {@code add MEMBER POSITION ADDED}, {@code count VALUE},
 * {@code batch ROUND COMMITTED}, then {@code done}.
 */
public final class RedisHammer {
  static final int THREADS = 8;
  static final int CLAIMS = 40;
  static final int SHARED_MEMBERS = 40;
  static final int OWN_MEMBERS = 15;
  static final int INCREMENTS = 15;
  static final int ROUNDS = 20;

  private RedisHammer() {}

  /** Arguments: the server's URI, the key prefix and this process's id. */
  public static void main(String[] args) throws Exception {
    String process = args[2];
    try (RedisStateStore store = RedisStateStore.open(args[0], RedisOptions.builder().keyPrefix(args[1]).build())) {
      System.out.println("ready");
      System.out.flush();
      String go = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      if (!"go".equals(go)) {
        throw new IllegalStateException("expected 'go' on stdin: " + go);
      }
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      List<Future<List<String>>> futures = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        String worker = process + "." + t;
        futures.add(pool.submit(() -> work(store, worker)));
      }
      List<String> lines = new ArrayList<>();
      for (Future<List<String>> f : futures) {
        lines.addAll(f.get());
      }
      pool.shutdown();
      lines.forEach(System.out::println);
    }
    System.out.println("done");
    System.out.flush();
    System.exit(0);
  }

  private static List<String> work(RedisStateStore store, String worker) {
    Random random = new Random(worker.hashCode());
    List<Integer> claims = shuffled(CLAIMS, random);
    List<Integer> shared = shuffled(SHARED_MEMBERS, random);
    byte[] me = worker.getBytes(StandardCharsets.UTF_8);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < Math.max(CLAIMS, SHARED_MEMBERS); i++) {
      if (i < CLAIMS) {
        String key = "claim/" + claims.get(i);
        out.add("claim " + key + " " + store.putIfAbsent(key, me));
      }
      if (i < SHARED_MEMBERS) {
        out.add(add(store, "shared-" + shared.get(i), me));
      }
      if (i < OWN_MEMBERS) {
        out.add(add(store, "own-" + worker + "-" + i, me));
      }
      if (i < INCREMENTS) {
        out.add("count " + store.incrementAndGet("counter", 1));
      }
      if (i < ROUNDS) {
        // Of all workers of both processes, exactly one batch per round commits, with all its writes.
        boolean won = store.writeBatch(List.of(WriteOp.increment("round-total/" + i, 1),
            WriteOp.addToSet("round-winner/" + i, worker, me, 1), WriteOp.putIfAbsent("round/" + i, me))).committed();
        out.add("batch " + i + " " + won);
      }
    }
    return out;
  }

  private static String add(RedisStateStore store, String member, byte[] value) {
    SetAdd a = store.addToSetAndGet("set", member, value);
    return "add " + member + " " + a.position() + " " + a.added();
  }

  private static List<Integer> shuffled(int n, Random random) {
    List<Integer> list = new ArrayList<>(IntStream.range(0, n).boxed().toList());
    Collections.shuffle(list, random);
    return list;
  }
}
