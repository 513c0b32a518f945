package io.jointflow.examples.stream;

import java.util.List;
import java.util.Map;

/** The values the ad-event stream passes between its functions and returns. */
public final class Ads {
  private Ads() {}

  /**
   * An ad event, with the fields of the Yahoo streaming benchmark.
   *
   * @param userId the user, a UUID
   * @param pageId the page, a UUID
   * @param adId the ad, a UUID from the {@link Catalog}
   * @param adType {@code banner}, {@code modal}, {@code sponsored-search}, {@code mail} or {@code mobile}
   * @param eventType {@code view}, {@code click} or {@code purchase}
   * @param eventTime milliseconds since the stream started
   * @param ipAddress the client address
   */
  public record Event(String userId, String pageId, String adId, String adType, String eventType,
      long eventTime, String ipAddress) {}

  /**
   * One batch of events, as one request of the benchmark's client sends them.
   *
   * @param index the batch's number in the stream
   * @param events its events
   */
  public record Batch(int index, List<Event> events) {}

  /**
   * Where the source is in the stream.
   *
   * @param seed draws the events
   * @param events how many events the stream has
   * @param batchSize events per batch
   * @param next the next batch to send
   */
  public record Cursor(long seed, int events, int batchSize, int next) {
    /** How many batches the stream has. */
    int batches() {
      return (events + batchSize - 1) / batchSize;
    }
  }

  /**
   * The ads of one batch's purchase events.
   *
   * @param batch the batch's number
   * @param adIds one ad per purchase
   */
  public record Purchases(int batch, List<String> adIds) {}

  /**
   * Purchases per campaign: of one batch, of one window, or carried from window to window.
   *
   * @param campaigns campaign to purchases
   * @param batches how many batches these counts cover
   */
  public record Counts(Map<String, Long> campaigns, int batches) {}

  /**
   * The running state a window hands to a later one: the counts so far, how many windows counted
   * data, and the stream's length once the end marker was seen (else {@code null}).
   *
   * @param counts the counts so far
   * @param windows windows that counted at least one batch
   * @param expectedBatches the stream's batch count, from the end marker, or {@code null}
   */
  public record Carry(Counts counts, int windows, Integer expectedBatches) {}

  /**
   * The result of the stream.
   *
   * @param purchases purchase events in the stream
   * @param batches batches counted
   * @param windows time windows that counted at least one batch
   * @param campaigns purchases per campaign, by campaign id
   */
  public record Totals(long purchases, int batches, int windows, Map<String, Long> campaigns) {}
}
