package io.jointflow.examples.stream;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The ad catalog, which the benchmark keeps in Redis: 10 campaigns of 10 ads each. Ad {@code a} of
 * campaign {@code c} has the id {@code UUID.nameUUIDFromBytes("ad-<c>-<a>")}; campaign ids are
 * {@code campaign-00} to {@code campaign-09}.
 */
public final class Catalog {
  /** Campaigns in the catalog. */
  public static final int CAMPAIGNS = 10;
  /** Ads per campaign. */
  public static final int ADS_PER_CAMPAIGN = 10;

  private static final List<String> ADS = drawAds();
  private static final Map<String, String> CAMPAIGN_OF_AD = campaignsOfAds();

  private Catalog() {}

  private static List<String> drawAds() {
    List<String> ads = new ArrayList<>();
    for (int c = 0; c < CAMPAIGNS; c++) {
      for (int a = 0; a < ADS_PER_CAMPAIGN; a++) {
        ads.add(UUID.nameUUIDFromBytes(("ad-" + c + "-" + a).getBytes(StandardCharsets.UTF_8)).toString());
      }
    }
    return List.copyOf(ads);
  }

  private static Map<String, String> campaignsOfAds() {
    Map<String, String> campaigns = new HashMap<>();
    for (int i = 0; i < ADS.size(); i++) {
      campaigns.put(ADS.get(i), campaign(i / ADS_PER_CAMPAIGN));
    }
    return Map.copyOf(campaigns);
  }

  /** The id of campaign {@code c}. */
  public static String campaign(int c) {
    return "campaign-%02d".formatted(c);
  }

  /** Every ad id, campaign by campaign. */
  static List<String> ads() {
    return ADS;
  }

  /** The campaign of an ad, or {@code null} if the ad is not in the catalog. */
  static String campaignOf(String adId) {
    return CAMPAIGN_OF_AD.get(adId);
  }
}
