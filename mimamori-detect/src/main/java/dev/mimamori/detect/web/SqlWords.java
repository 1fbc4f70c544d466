package dev.mimamori.detect.web;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** The words that matter in the SQL of attacks, across MySQL, PostgreSQL, MSSQL, Oracle, SQLite. */
final class SqlWords {
  private SqlWords() {}

  private static final Map<String, SqlKind> KINDS = new HashMap<>();

  static {
    for (String w : new String[] {"and", "or", "xor"}) {
      KINDS.put(w, SqlKind.LOGIC);
    }
    for (String w :
        new String[] {
          "like", "rlike", "regexp", "ilike", "glob", "is", "in", "between", "similar", "sounds",
          "notnull", "isnull"
        }) {
      KINDS.put(w, SqlKind.COMPARE);
    }
    for (String w : new String[] {"div", "mod", "not"}) {
      KINDS.put(w, SqlKind.OPERATOR);
    }
    for (String w : new String[] {"union", "intersect", "except"}) {
      KINDS.put(w, SqlKind.UNION);
    }
    for (String w :
        new String[] {
          "select", "insert", "update", "delete", "drop", "create", "alter", "exec", "execute",
          "declare", "truncate", "shutdown", "grant", "revoke", "call", "rename", "handler", "show",
          "set", "begin"
        }) {
      KINDS.put(w, SqlKind.STATEMENT);
    }
    for (String w :
        new String[] {
          "from",
          "where",
          "having",
          "limit",
          "offset",
          "order",
          "group",
          "by",
          "as",
          "into",
          "values",
          "case",
          "when",
          "then",
          "else",
          "end",
          "distinct",
          "all",
          "top",
          "exists",
          "outfile",
          "dumpfile",
          "procedure",
          "waitfor",
          "delay",
          "collate",
          "join",
          "on",
          "asc",
          "desc",
          "table",
          "database",
          "escape"
        }) {
      KINDS.put(w, SqlKind.KEYWORD);
    }
    for (String w : new String[] {"null", "true", "false"}) {
      KINDS.put(w, SqlKind.NUMBER);
    }
  }

  /** Functions that make the database wait: the basis of blind time-based injection. */
  static final Set<String> TIME =
      Set.of(
          "sleep",
          "benchmark",
          "pg_sleep",
          "pg_sleep_for",
          "randomblob",
          "generate_series",
          "receive_message",
          "dbms_lock.sleep",
          "dbms_pipe.receive_message");

  /** Functions used to leak data through error messages. */
  static final Set<String> ERROR =
      Set.of(
          "extractvalue",
          "updatexml",
          "exp",
          "name_const",
          "geometrycollection",
          "multipoint",
          "polygon",
          "multipolygon",
          "linestring",
          "multilinestring",
          "gtid_subset",
          "gtid_subtract",
          "json_keys",
          "xmltype",
          "utl_inaddr.get_host_name",
          "ctxsys.drithsx.sn",
          "dbms_utility.sqlid_to_sqlhash");

  /**
   * Functions that only SQL has and that attackers call: {@code name(} alone is enough, where a
   * word like {@code sleep(} or {@code exp(} needs more around it.
   */
  static final Set<String> UNMISTAKABLE =
      Set.of(
          "benchmark",
          "pg_sleep",
          "extractvalue",
          "updatexml",
          "name_const",
          "gtid_subset",
          "xmltype",
          "group_concat",
          "concat_ws",
          "make_set",
          "load_file",
          "current_user",
          "db_name",
          "schema_name",
          "sqlite_version",
          "pg_read_file",
          "utl_inaddr.get_host_name",
          "dbms_pipe.receive_message",
          "dbms_lock.sleep");

  /** Catalogue names that are never anything but a catalogue: enough on their own. */
  static final Set<String> UNMISTAKABLE_CATALOG =
      Set.of(
          "information_schema",
          "pg_catalog",
          "pg_shadow",
          "sqlite_master",
          "sqlite_schema",
          "msysaccessobjects",
          "msysobjects",
          "sysobjects",
          "syscolumns",
          "sysdatabases");

  /** Routines that reach the file system, the network or a shell from SQL. */
  static final Set<String> DANGEROUS =
      Set.of(
          "xp_cmdshell",
          "master..xp_cmdshell",
          "master.dbo.xp_cmdshell",
          "sp_oacreate",
          "sp_executesql",
          "sp_makewebtask",
          "sp_addextendedproc",
          "xp_regread",
          "xp_dirtree",
          "xp_fileexist",
          "load_file",
          "utl_http.request",
          "dbms_java.runjava",
          "pg_read_file",
          "pg_ls_dir",
          "lo_import",
          "lo_export",
          "lo_get",
          "dbms_ldap.init");

  /** System catalogues: reading them is how an attacker learns the schema. */
  static final Set<String> CATALOG_PARTS =
      Set.of(
          "information_schema",
          "sysobjects",
          "syscolumns",
          "sysdatabases",
          "sysusers",
          "sysibm",
          "systables",
          "sqlite_master",
          "sqlite_schema",
          "pg_catalog",
          "pg_tables",
          "pg_user",
          "pg_shadow",
          "pg_database",
          "all_tables",
          "all_users",
          "user_tables",
          "dba_users",
          "msysobjects",
          "msysaccessobjects",
          "mysql.user");

  /** Database objects that DROP, CREATE, ALTER and TRUNCATE act on. */
  static final Set<String> OBJECTS =
      Set.of(
          "table",
          "database",
          "schema",
          "function",
          "procedure",
          "view",
          "user",
          "index",
          "trigger",
          "login",
          "column",
          "temporary");

  static SqlKind kindOf(String lower) {
    return KINDS.getOrDefault(lower, SqlKind.WORD);
  }

  /** Whether a dotted name mentions a system catalogue (or a Firebird {@code rdb$} table). */
  static boolean isCatalog(String name) {
    if (name.startsWith("rdb$") || name.contains(".rdb$")) {
      return true;
    }
    if (CATALOG_PARTS.contains(name)) {
      return true;
    }
    int dot = name.indexOf('.');
    while (dot >= 0) {
      int next = name.indexOf('.', dot + 1);
      String part = name.substring(dot + 1, next < 0 ? name.length() : next);
      String head = name.substring(0, dot);
      if (CATALOG_PARTS.contains(part) || CATALOG_PARTS.contains(head)) {
        return true;
      }
      dot = next;
    }
    return false;
  }

  /** The last part of a dotted name: {@code dbms_lock.sleep} is a {@code sleep}. */
  static String lastPart(String name) {
    int dot = name.lastIndexOf('.');
    return dot < 0 ? name : name.substring(dot + 1);
  }
}
