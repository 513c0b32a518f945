package io.jointflow.examples.stream;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Draws the events of the stream like the benchmark's generator: random users, pages, ads from the
 * catalog, ad types and event types. A batch depends only on the seed and its number, so a
 * re-executed source emits the same events.
 */
public final class EventSource {
  private static final String[] AD_TYPES = {"banner", "modal", "sponsored-search", "mail", "mobile"};
  private static final String[] EVENT_TYPES = {"view", "click", "purchase"};

  private EventSource() {}

  /** Batch {@code index} of a stream of {@code events} events in batches of {@code batchSize}. */
  public static Ads.Batch batch(long seed, int events, int batchSize, int index) {
    Random r = new Random(seed * 1_000_003L + index);
    List<String> ads = Catalog.ads();
    int size = Math.min(batchSize, events - index * batchSize);
    List<Ads.Event> out = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      out.add(new Ads.Event(uuid(r), uuid(r), ads.get(r.nextInt(ads.size())),
          AD_TYPES[r.nextInt(AD_TYPES.length)], EVENT_TYPES[r.nextInt(EVENT_TYPES.length)],
          (long) index * 10 + i, "10.0." + r.nextInt(256) + "." + r.nextInt(256)));
    }
    return new Ads.Batch(index, List.copyOf(out));
  }

  private static String uuid(Random r) {
    return new UUID(r.nextLong(), r.nextLong()).toString();
  }
}
