package dev.mimamori.server.storefront;

import dev.mimamori.storefront.Flow;
import dev.mimamori.storefront.InventoryTaker;
import dev.mimamori.storefront.PageInventory;
import dev.mimamori.storefront.PageVisit;

/** Loads a page (after its flow) and inventories it; Chromium in the server. */
@FunctionalInterface
public interface PageVisitor {
  /**
   * @throws PageVisit.Failed when the page gave no inventory
   */
  PageInventory visit(String url, Flow flow, PageVisit.Limits limits);

  PageVisitor CHROMIUM =
      (url, flow, limits) ->
          PageVisit.inventory(url, flow, InventoryTaker.TestData.DEFAULT, limits);
}
