package dev.mimamori.store;

import java.time.Clock;

/** The repositories over one open database. */
public final class Store implements AutoCloseable {
  private final Database db;
  private final TenantRepository tenants;
  private final UserRepository users;
  private final IncidentRepository incidents;
  private final CheckpointRepository checkpoints;
  private final IngestKeyRepository ingestKeys;
  private final AgentRepository agents;
  private final AgentCommandRepository agentCommands;
  private final RuleTuningRepository ruleTuning;
  private final OutboxRepository outbox;
  private final EscalationRepository escalations;
  private final ActionRepository actions;
  private final SiteRepository sites;
  private final PageMonitorRepository pageMonitors;
  private final UptimeMonitorRepository uptime;
  private final AuditRepository audit;
  private final SecondFactorRepository secondFactors;
  private final ReportRepository reports;
  private final VulnRepository vulns;

  public Store(Database db, Clock clock) {
    this.db = db;
    this.tenants = new TenantRepository(db, clock);
    this.users = new UserRepository(db, clock);
    this.incidents = new IncidentRepository(db, clock);
    this.checkpoints = new CheckpointRepository(db, clock);
    this.ingestKeys = new IngestKeyRepository(db, clock);
    this.agents = new AgentRepository(db, clock);
    this.agentCommands = new AgentCommandRepository(db, clock);
    this.ruleTuning = new RuleTuningRepository(db, clock);
    this.outbox = new OutboxRepository(db, clock);
    this.escalations = new EscalationRepository(db, clock);
    this.actions = new ActionRepository(db, clock);
    this.sites = new SiteRepository(db, clock);
    this.pageMonitors = new PageMonitorRepository(db, clock);
    this.uptime = new UptimeMonitorRepository(db, clock);
    this.audit = new AuditRepository(db, clock);
    this.secondFactors = new SecondFactorRepository(db, clock);
    this.reports = new ReportRepository(db, clock);
    this.vulns = new VulnRepository(db, clock);
  }

  public static Store open(DatabaseConfig config, Clock clock) {
    return new Store(Database.open(config), clock);
  }

  public Database database() {
    return db;
  }

  public TenantRepository tenants() {
    return tenants;
  }

  public SecondFactorRepository secondFactors() {
    return secondFactors;
  }

  public UserRepository users() {
    return users;
  }

  public IncidentRepository incidents() {
    return incidents;
  }

  public CheckpointRepository checkpoints() {
    return checkpoints;
  }

  public AgentRepository agents() {
    return agents;
  }

  public AgentCommandRepository agentCommands() {
    return agentCommands;
  }

  public IngestKeyRepository ingestKeys() {
    return ingestKeys;
  }

  public RuleTuningRepository ruleTuning() {
    return ruleTuning;
  }

  /** Every sign-in and every change. */
  public AuditRepository audit() {
    return audit;
  }

  /** The tenants' shops. */
  /** Advisories, what sites run, findings seen and accepted risks. */
  public VulnRepository vulns() {
    return vulns;
  }

  public SiteRepository sites() {
    return sites;
  }

  /** Storefront monitors, their script inventory and the sites' host policies. */
  public PageMonitorRepository pageMonitors() {
    return pageMonitors;
  }

  /** Uptime, TLS and DNS monitors of the sites, with their last results. */
  public UptimeMonitorRepository uptime() {
    return uptime;
  }

  /** Response actions taken, with their expiry and undo. */
  public ActionRepository actions() {
    return actions;
  }

  /** What monthly reports read, and the reports queued for e-mail. */
  public ReportRepository reports() {
    return reports;
  }

  public EscalationRepository escalations() {
    return escalations;
  }

  public OutboxRepository outbox() {
    return outbox;
  }

  @Override
  public void close() {
    db.close();
  }
}
