package dev.mimamori.server.console;

import dev.mimamori.store.User;
import java.util.ArrayList;
import java.util.List;

/** The configuration pages a user may open, for the links above them. */
public record AdminNav(List<Link> links) {
  /** A page: its path and the message key of its name. */
  public record Link(String path, String key) {}

  public AdminNav {
    links = List.copyOf(links);
  }

  static AdminNav of(User u) {
    boolean admin = User.ADMIN.equals(u.role());
    boolean soc = User.OPERATOR_TENANT.equals(u.tenant()) && u.canRespond();
    List<Link> l = new ArrayList<>();
    l.add(new Link("/files", "admin.nav.files"));
    l.add(new Link("/rules", "admin.nav.rules"));
    if (soc) {
      l.add(new Link("/oncall", "admin.nav.oncall"));
    }
    if (u.canRespond()) {
      l.add(new Link("/channels", "admin.nav.channels"));
    }
    if (admin) {
      l.add(new Link("/tenants", "admin.nav.tenants"));
    }
    l.add(new Link("/sites", "admin.nav.sites"));
    if (admin) {
      l.add(new Link("/users", "admin.nav.users"));
      l.add(new Link("/audit", "admin.nav.audit"));
    }
    return new AdminNav(l);
  }
}
