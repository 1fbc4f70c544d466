package dev.mimamori.incidents.respond;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The registry of response action types: adding one is one line here. */
public final class ResponseActions {
  private static final Map<String, ResponseActionType<?>> TYPES = new LinkedHashMap<>();

  static {
    register(
        new ResponseActionType<>("nginx-deny", NginxDenyAction.Config.class, NginxDenyAction::new));
    register(
        new ResponseActionType<>(
            "quarantine-file", QuarantineFileAction.Config.class, QuarantineFileAction::new));
    register(
        new ResponseActionType<>(
            "nftables-block", NftablesBlockAction.Config.class, NftablesBlockAction::new));
    register(
        new ResponseActionType<>(
            "nginx-page-down", NginxPageDownAction.Config.class, NginxPageDownAction::new));
    register(
        new ResponseActionType<>(
            "eccube-maintenance",
            EccubeMaintenanceAction.Config.class,
            EccubeMaintenanceAction::new));
    register(
        new ResponseActionType<>(
            "eccube-admin-disable",
            EccubeAdminDisableAction.Config.class,
            EccubeAdminDisableAction::new));
    register(
        new ResponseActionType<>(
            "aws-waf-ipset", AwsWafIpSetAction.Config.class, AwsWafIpSetAction::new));
    register(
        new ResponseActionType<>(
            "crowdsec-ban", CrowdSecBanAction.Config.class, CrowdSecBanAction::new));
  }

  private ResponseActions() {}

  private static void register(ResponseActionType<?> type) {
    TYPES.put(type.name(), type);
  }

  public static Optional<ResponseActionType<?>> find(String name) {
    return Optional.ofNullable(TYPES.get(name));
  }

  public static Set<String> names() {
    return TYPES.keySet();
  }
}
