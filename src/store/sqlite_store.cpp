#include "store/sqlite_store.hpp"

// sqlite3.h is included here only, behind SqliteStore.
#include <algorithm>
#include <array>
#include <cstring>
#include <fstream>
#include <mutex>
#include <system_error>

#include <fmt/format.h>
#include <sqlite3.h>

#include "core/log.hpp"
#include "store/in_process_bus.hpp"
#include "store/record_codec.hpp"
#include "store/record_fields.hpp"

namespace omega::store {
namespace {

// Each migration runs in its own transaction with the version row; forward only.
struct Migration {
  int version;
  const char* description;
  const char* sql;
};

constexpr std::array<Migration, kSqliteSchemaVersion> kMigrations = {{
    {1, "initial schema", R"sql(
CREATE TABLE candles(symbol TEXT NOT NULL, timeframe TEXT NOT NULL, open_time_ns INTEGER NOT NULL,
  open TEXT NOT NULL, high TEXT NOT NULL, low TEXT NOT NULL, close TEXT NOT NULL,
  volume TEXT NOT NULL, PRIMARY KEY(symbol, timeframe, open_time_ns)) WITHOUT ROWID;
CREATE TABLE orders(seq INTEGER PRIMARY KEY AUTOINCREMENT, client_order_id TEXT NOT NULL UNIQUE,
  bot_id TEXT NOT NULL, venue_order_id TEXT NOT NULL, symbol TEXT NOT NULL, side TEXT NOT NULL,
  type TEXT NOT NULL, quantity TEXT NOT NULL, price TEXT, status TEXT NOT NULL,
  ts_created_ns INTEGER NOT NULL, ts_updated_ns INTEGER NOT NULL);
CREATE TABLE fills(seq INTEGER PRIMARY KEY AUTOINCREMENT, trade_id TEXT NOT NULL UNIQUE,
  client_order_id TEXT NOT NULL, venue_order_id TEXT NOT NULL, bot_id TEXT NOT NULL,
  symbol TEXT NOT NULL, side TEXT NOT NULL, price TEXT NOT NULL, quantity TEXT NOT NULL,
  fee TEXT NOT NULL, fee_currency TEXT NOT NULL, liquidity TEXT NOT NULL,
  ts_event_ns INTEGER NOT NULL);
CREATE TABLE positions(bot_id TEXT NOT NULL, symbol TEXT NOT NULL, net_quantity TEXT NOT NULL,
  fill_count INTEGER NOT NULL, ts_updated_ns INTEGER NOT NULL, PRIMARY KEY(bot_id, symbol));
CREATE TABLE signals(seq INTEGER PRIMARY KEY AUTOINCREMENT, bot_id TEXT NOT NULL,
  symbol TEXT NOT NULL, kind TEXT NOT NULL, payload TEXT NOT NULL, ts_ns INTEGER NOT NULL);
CREATE TABLE bot_state(bot_id TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,
  version INTEGER NOT NULL, PRIMARY KEY(bot_id, key));
CREATE TABLE metrics(name TEXT NOT NULL, ts_ns INTEGER NOT NULL, value REAL NOT NULL,
  PRIMARY KEY(name, ts_ns)) WITHOUT ROWID;
CREATE TABLE settings(user_id TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,
  PRIMARY KEY(user_id, key));
CREATE TABLE audit(seq INTEGER PRIMARY KEY AUTOINCREMENT, ts_ns INTEGER NOT NULL,
  actor TEXT NOT NULL, action TEXT NOT NULL, target TEXT NOT NULL, result TEXT NOT NULL);
CREATE TABLE stream_entries(id INTEGER PRIMARY KEY AUTOINCREMENT, stream TEXT NOT NULL,
  payload TEXT NOT NULL, ts_ns INTEGER NOT NULL);
CREATE INDEX stream_entries_by_stream ON stream_entries(stream, id);
CREATE TABLE stream_groups(stream TEXT NOT NULL, grp TEXT NOT NULL,
  last_delivered INTEGER NOT NULL, PRIMARY KEY(stream, grp));
CREATE TABLE stream_pending(stream TEXT NOT NULL, grp TEXT NOT NULL, id INTEGER NOT NULL,
  consumer TEXT NOT NULL, delivered_ns INTEGER NOT NULL, deliveries INTEGER NOT NULL,
  PRIMARY KEY(stream, grp, id));
)sql"},
    {2, "fills by order index", R"sql(
CREATE INDEX fills_by_order ON fills(client_order_id);
)sql"},
}};

constexpr std::string_view kSqliteMagic{"SQLite format 3\0", 16};

std::int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// A prepared statement; finalised on destruction.
class Statement {
 public:
  Statement(sqlite3* db, std::string_view sql) : db_(db) {
    rc_ = sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr);
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Status prepared() const {
    if (rc_ == SQLITE_OK) return ok_status();
    return Error(ErrorCode::kIo, fmt::format("sqlite prepare: {}", sqlite3_errmsg(db_)));
  }
  Statement& bind(int i, std::string_view text) {
    sqlite3_bind_text(stmt_, i, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Statement& bind(int i, std::int64_t v) {
    sqlite3_bind_int64(stmt_, i, v);
    return *this;
  }
  Statement& bind(int i, double v) {
    sqlite3_bind_double(stmt_, i, v);
    return *this;
  }
  Statement& bind_null(int i) {
    sqlite3_bind_null(stmt_, i);
    return *this;
  }
  // Steps once: true with a row, false when done.
  Result<bool> step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    return Error(ErrorCode::kIo, fmt::format("sqlite: {}", sqlite3_errmsg(db_)));
  }
  Status run() {
    OMEGA_ASSIGN_OR_RETURN(bool row, step());
    (void)row;
    return ok_status();
  }
  std::string_view text(int col) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
    return p ? std::string_view(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col)))
             : std::string_view();
  }
  // Clears the last step so the statement runs again with new bindings.
  void reset() { sqlite3_reset(stmt_); }
  bool is_null(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  std::int64_t integer(int col) const { return sqlite3_column_int64(stmt_, col); }
  double real(int col) const { return sqlite3_column_double(stmt_, col); }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
  int rc_ = SQLITE_OK;
};

// Returns the first column of every row `sql` selects, as text.
Result<std::vector<std::string>> first_column(sqlite3* db, std::string_view sql) {
  Statement st(db, sql);
  OMEGA_TRY(st.prepared());
  std::vector<std::string> out;
  while (true) {
    OMEGA_ASSIGN_OR_RETURN(bool row, st.step());
    if (!row) break;
    out.emplace_back(st.text(0));
  }
  return out;
}

Result<std::int64_t> insert_event(sqlite3* db, std::string_view stream, std::string_view payload) {
  Statement st(db, "INSERT INTO stream_entries(stream, payload, ts_ns) VALUES(?,?,?)");
  OMEGA_TRY(st.prepared());
  st.bind(1, stream).bind(2, payload).bind(3, now_ns());
  OMEGA_TRY(st.run());
  return sqlite3_last_insert_rowid(db);
}

Result<Symbol> read_symbol(std::string_view text) {
  auto s = Symbol::parse(text);
  if (!s.ok()) return std::move(s).error().with_context("symbol");
  return s;
}

}  // namespace

struct SqliteStore::Impl {
  sqlite3* db = nullptr;
  std::string path;
  // Recursive: a write batch holds it from begin_batch to its end, and the batch's own writes
  // lock it again on the same thread.
  mutable std::recursive_mutex mutex;
  bool in_batch = false;  // a write batch is open (the mutex is held for it)
  std::shared_ptr<InProcessBus> bus;
  std::int64_t stream_max_len = 0;  // SqliteOptions::stream_max_len; 0: no cap
  std::int64_t appends_since_cap = 0;

  // Counts appends to the logs and, every so often, caps them as Redis' XADD MAXLEN ~ does
  // (streams and signals at stream_max_len, the audit log at 100 times that). Called with the
  // mutex held, after the write committed; a failed cap is logged, the write stands.
  void note_appends(std::int64_t n);

  // Returns `result` after counting one append when it succeeded.
  template <typename R>
  R capped(R result) {
    if (result.ok()) note_appends(1);
    return result;
  }

  ~Impl() {
    if (in_batch) {
      // Abandoned: its writes go, as they would in a crash.
      (void)exec("ROLLBACK");
      in_batch = false;
      mutex.unlock();
    }
    if (db != nullptr) sqlite3_close_v2(db);
  }

  Error sql_error(std::string_view what) const {
    return Error(ErrorCode::kIo, fmt::format("sqlite {}: {}: {}", path, what, sqlite3_errmsg(db)));
  }

  Status exec(const char* sql) {
    char* message = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &message) != SQLITE_OK) {
      Error error(ErrorCode::kIo, fmt::format("sqlite {}: {}", path, message ? message : "?"));
      sqlite3_free(message);
      return error;
    }
    return ok_status();
  }

  // Runs `body` in BEGIN IMMEDIATE .. COMMIT; rolls back when it fails. Inside a write batch,
  // in a savepoint instead: the write joins the batch, and a failed one leaves the batch as it
  // was.
  template <typename F>
  auto transaction(F&& body) -> decltype(body()) {
    if (in_batch) {
      OMEGA_TRY(exec("SAVEPOINT omega_write"));
      auto result = body();
      Status released = ok_status();
      if (result.ok()) released = exec("RELEASE omega_write");
      if (!result.ok() || !released.ok()) {
        (void)exec("ROLLBACK TO omega_write");
        (void)exec("RELEASE omega_write");
        if (result.ok()) return std::move(released).error();
      }
      return result;
    }
    OMEGA_TRY(exec("BEGIN IMMEDIATE"));
    auto result = body();
    if (!result.ok()) {
      (void)exec("ROLLBACK");
      return result;
    }
    if (Status st = exec("COMMIT"); !st.ok()) {
      (void)exec("ROLLBACK");
      return std::move(st).error();
    }
    return result;
  }

  // True when `table` has a row with `column` = `value` (table and column are ours, not input).
  Result<bool> exists(std::string_view table, std::string_view column, std::string_view value) {
    Statement st(db, fmt::format("SELECT 1 FROM {} WHERE {}=?", table, column));
    OMEGA_TRY(st.prepared());
    st.bind(1, value);
    return st.step();
  }

  Result<bool> has_table(std::string_view name) {
    Statement st(db, "SELECT 1 FROM sqlite_master WHERE type='table' AND name=?");
    OMEGA_TRY(st.prepared());
    st.bind(1, name);
    return st.step();
  }

  Result<int> version() {
    OMEGA_ASSIGN_OR_RETURN(bool has, has_table("omega_schema"));
    if (!has) return 0;
    Statement st(db, "SELECT COALESCE(MAX(version), 0) FROM omega_schema");
    OMEGA_TRY(st.prepared());
    OMEGA_TRY(st.step());
    return static_cast<int>(st.integer(0));
  }

  Status migrate() {
    OMEGA_TRY(
        exec("CREATE TABLE IF NOT EXISTS omega_schema(version INTEGER PRIMARY KEY, "
             "applied_ns INTEGER NOT NULL, description TEXT NOT NULL)"));
    for (const Migration& m : kMigrations) {
      Status st = transaction([&]() -> Status {
        OMEGA_ASSIGN_OR_RETURN(int current, version());  // re-read inside the lock
        if (current >= m.version) return ok_status();
        OMEGA_TRY(exec(m.sql));
        Statement ins(db,
                      "INSERT INTO omega_schema(version, applied_ns, description) "
                      "VALUES(?,?,?)");
        OMEGA_TRY(ins.prepared());
        ins.bind(1, static_cast<std::int64_t>(m.version)).bind(2, now_ns()).bind(3, m.description);
        return ins.run();
      });
      if (!st.ok()) {
        return std::move(st).error().with_context(
            fmt::format("migration {} ({})", m.version, m.description));
      }
    }
    return ok_status();
  }

  Status integrity() {
    Statement st(db, "PRAGMA integrity_check");
    OMEGA_TRY(st.prepared());
    std::string problems;
    while (true) {
      auto row = st.step();
      if (!row.ok()) {
        return Error(ErrorCode::kValidation,
                     fmt::format("{} is corrupt: {}", path, row.error().message()));
      }
      if (!*row) break;
      if (st.text(0) != "ok") {
        if (!problems.empty()) problems += "; ";
        problems += st.text(0);
      }
    }
    if (!problems.empty()) {
      return Error(ErrorCode::kValidation, fmt::format("{} is corrupt: {}", path, problems));
    }
    return ok_status();
  }

  // Verifies the durability the ledger relies on: WAL journal and synchronous=FULL (2) on this
  // connection, so a write that returned is on disk.
  Status durability() {
    Statement mode(db, "PRAGMA journal_mode");
    OMEGA_TRY(mode.prepared());
    OMEGA_TRY(mode.step());
    if (mode.text(0) != "wal") {
      return Error(ErrorCode::kState,
                   fmt::format("{}: journal_mode is {}, expected wal", path, mode.text(0)));
    }
    Statement sync(db, "PRAGMA synchronous");
    OMEGA_TRY(sync.prepared());
    OMEGA_TRY(sync.step());
    if (sync.integer(0) != 2) {
      return Error(ErrorCode::kState,
                   fmt::format("{}: synchronous is {}, expected 2 (FULL)", path, sync.integer(0)));
    }
    return ok_status();
  }

  Result<PositionSnapshot> read_position(const BotId& bot, const Symbol& symbol) {
    Statement st(db,
                 "SELECT net_quantity, fill_count, ts_updated_ns FROM positions "
                 "WHERE bot_id=? AND symbol=?");
    OMEGA_TRY(st.prepared());
    st.bind(1, bot.value()).bind(2, symbol.to_string());
    PositionSnapshot p{bot, symbol, Quantity::zero(0), 0, Timestamp()};
    OMEGA_ASSIGN_OR_RETURN(bool row, st.step());
    if (!row) return p;
    OMEGA_ASSIGN_OR_RETURN(p.net_quantity, decode_decimal<QuantityTag>(st.text(0), "net_quantity"));
    p.fill_count = st.integer(1);
    p.ts_updated = Timestamp(st.integer(2));
    return p;
  }

  Result<AppendOutcome> insert_order(const OrderRecord& o) {
    Statement st(db,
                 "INSERT INTO orders(client_order_id, bot_id, venue_order_id, symbol, side, "
                 "type, quantity, price, status, ts_created_ns, ts_updated_ns) "
                 "VALUES(?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(client_order_id) DO NOTHING");
    OMEGA_TRY(st.prepared());
    st.bind(1, o.client_order_id.value())
        .bind(2, o.bot_id.value())
        .bind(3, o.venue_order_id.value())
        .bind(4, o.symbol.to_string())
        .bind(5, to_string(o.side))
        .bind(6, to_string(o.type))
        .bind(7, encode_decimal(o.quantity));
    if (o.price) {
      st.bind(8, encode_decimal(*o.price));
    } else {
      st.bind_null(8);
    }
    st.bind(9, to_string(o.status)).bind(10, o.ts_created.ns()).bind(11, o.ts_updated.ns());
    OMEGA_TRY(st.run());
    if (sqlite3_changes(db) != 1) return AppendOutcome::kDuplicate;
    OMEGA_TRY(insert_event(db, "ledger", order_event_payload(o.client_order_id.value(), o.status)));
    return AppendOutcome::kInserted;
  }
};

SqliteStore::SqliteStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
SqliteStore::~SqliteStore() = default;

Result<std::unique_ptr<SqliteStore>> SqliteStore::open(const SqliteOptions& options,
                                                       OpenOptions open_options) {
  const std::string path = options.path.string();
  // Refuse a foreign file before SQLite sees it: opening it would not write, but WAL setup would.
  std::error_code ec;
  if (std::filesystem::exists(options.path, ec) &&
      std::filesystem::file_size(options.path, ec) > 0) {
    std::ifstream in(options.path, std::ios::binary);
    std::array<char, 16> header{};
    in.read(header.data(), header.size());
    if (!in || std::string_view(header.data(), header.size()) != kSqliteMagic) {
      return Error(ErrorCode::kValidation,
                   fmt::format("{} is not a SQLite database (corrupt or foreign file); nothing "
                               "was changed: restore it from a backup or an export",
                               path));
    }
  }
  auto impl = std::make_unique<Impl>();
  impl->path = path;
  impl->stream_max_len = options.stream_max_len;
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX;
  if (sqlite3_open_v2(path.c_str(), &impl->db, flags, nullptr) != SQLITE_OK) {
    return Error(ErrorCode::kIo,
                 fmt::format("cannot open {}: {}", path,
                             impl->db ? sqlite3_errmsg(impl->db) : "out of memory"));
  }
  sqlite3_extended_result_codes(impl->db, 1);
  OMEGA_TRY(impl->exec("PRAGMA busy_timeout=5000"));
  OMEGA_TRY(impl->integrity());
  OMEGA_ASSIGN_OR_RETURN(int version, impl->version());
  if (version == 0) {
    Statement count(impl->db, "SELECT COUNT(*) FROM sqlite_master");
    OMEGA_TRY(count.prepared());
    OMEGA_TRY(count.step());
    if (count.integer(0) > 0) {
      return Error(ErrorCode::kValidation,
                   fmt::format("{} is a SQLite database of another program (no omega_schema "
                               "table); refusing to change it",
                               path));
    }
  }
  if (version > kSqliteSchemaVersion) {
    return Error(ErrorCode::kValidation,
                 fmt::format("{} has schema version {}, newer than this build ({}); upgrade omega",
                             path, version, kSqliteSchemaVersion));
  }
  // WAL lets readers run beside the writer; FULL syncs the WAL on every commit, so a committed
  // ledger entry survives power loss, not just a process crash.
  OMEGA_TRY(impl->exec("PRAGMA journal_mode=WAL"));
  OMEGA_TRY(impl->exec("PRAGMA synchronous=FULL"));
  if (open_options.migrate) {
    OMEGA_TRY(impl->migrate());
  } else if (version != kSqliteSchemaVersion) {
    return Error(ErrorCode::kState,
                 fmt::format("{} has schema version {}, this build needs {}: run `omega store "
                             "migrate`",
                             path, version, kSqliteSchemaVersion));
  }
  std::error_code canon_ec;
  auto canonical = std::filesystem::weakly_canonical(options.path, canon_ec);
  impl->bus = InProcessBus::for_namespace(canon_ec ? path : canonical.string());
  return std::unique_ptr<SqliteStore>(new SqliteStore(std::move(impl)));
}

Status SqliteStore::migrate() {
  std::lock_guard lock(impl_->mutex);
  return impl_->migrate();
}

Result<int> SqliteStore::schema_version() {
  std::lock_guard lock(impl_->mutex);
  return impl_->version();
}

Status SqliteStore::check() {
  std::lock_guard lock(impl_->mutex);
  OMEGA_TRY(impl_->integrity());
  OMEGA_TRY(impl_->durability());
  OMEGA_ASSIGN_OR_RETURN(int version, impl_->version());
  if (version != kSqliteSchemaVersion) {
    return Error(ErrorCode::kState, fmt::format("{}: schema version {}, expected {}", impl_->path,
                                                version, kSqliteSchemaVersion));
  }
  return ok_status();
}

StoreHealth SqliteStore::health() const {
  StoreHealth h;
  h.message = fmt::format("sqlite {}: local file, writes synced on commit", impl_->path);
  return h;
}

// ---- candles ----------------------------------------------------------------------------------

Status SqliteStore::append_candles(const Symbol& symbol, Timeframe tf,
                                   std::span<const Candle> candles) {
  std::lock_guard lock(impl_->mutex);
  const std::string sym = symbol.to_string();
  const std::string tfs = tf.to_string();
  return impl_->transaction([&]() -> Status {
    Statement one(impl_->db, "INSERT OR REPLACE INTO candles VALUES(?,?,?,?,?,?,?,?)");
    OMEGA_TRY(one.prepared());
    for (const Candle& c : candles) {
      one.reset();
      one.bind(1, sym).bind(2, tfs).bind(3, c.open_time.ns());
      one.bind(4, encode_decimal(c.open)).bind(5, encode_decimal(c.high));
      one.bind(6, encode_decimal(c.low)).bind(7, encode_decimal(c.close));
      one.bind(8, encode_decimal(c.volume));
      OMEGA_TRY(one.run());
    }
    return ok_status();
  });
}

namespace {
Result<Candle> read_candle(const Statement& st) {
  Candle c;
  c.open_time = Timestamp(st.integer(0));
  OMEGA_ASSIGN_OR_RETURN(c.open, decode_decimal<PriceTag>(st.text(1), "open"));
  OMEGA_ASSIGN_OR_RETURN(c.high, decode_decimal<PriceTag>(st.text(2), "high"));
  OMEGA_ASSIGN_OR_RETURN(c.low, decode_decimal<PriceTag>(st.text(3), "low"));
  OMEGA_ASSIGN_OR_RETURN(c.close, decode_decimal<PriceTag>(st.text(4), "close"));
  OMEGA_ASSIGN_OR_RETURN(c.volume, decode_decimal<QuantityTag>(st.text(5), "volume"));
  return c;
}
}  // namespace

Result<std::vector<Candle>> SqliteStore::candles(const Symbol& symbol, Timeframe tf, Timestamp from,
                                                 Timestamp to) {
  std::lock_guard lock(impl_->mutex);
  Statement st(impl_->db,
               "SELECT open_time_ns, open, high, low, close, volume FROM candles WHERE symbol=? "
               "AND timeframe=? AND open_time_ns>=? AND open_time_ns<? ORDER BY open_time_ns");
  OMEGA_TRY(st.prepared());
  st.bind(1, symbol.to_string()).bind(2, tf.to_string()).bind(3, from.ns()).bind(4, to.ns());
  std::vector<Candle> out;
  while (true) {
    OMEGA_ASSIGN_OR_RETURN(bool row, st.step());
    if (!row) break;
    OMEGA_ASSIGN_OR_RETURN(Candle c, read_candle(st));
    out.push_back(c);
  }
  return out;
}

Result<std::optional<Candle>> SqliteStore::latest_candle(const Symbol& symbol, Timeframe tf) {
  std::lock_guard lock(impl_->mutex);
  Statement st(impl_->db,
               "SELECT open_time_ns, open, high, low, close, volume FROM candles WHERE symbol=? "
               "AND timeframe=? ORDER BY open_time_ns DESC LIMIT 1");
  OMEGA_TRY(st.prepared());
  st.bind(1, symbol.to_string()).bind(2, tf.to_string());
  OMEGA_ASSIGN_OR_RETURN(bool row, st.step());
  if (!row) return std::optional<Candle>();
  OMEGA_ASSIGN_OR_RETURN(Candle c, read_candle(st));
  return std::optional<Candle>(c);
}

// ---- ledger -----------------------------------------------------------------------------------

Result<AppendOutcome> SqliteStore::append_order(const OrderRecord& order) {
  std::lock_guard lock(impl_->mutex);
  // The ledger is append-only, so a row seen now stays: a duplicate needs no write transaction.
  OMEGA_ASSIGN_OR_RETURN(bool exists,
                         impl_->exists("orders", "client_order_id", order.client_order_id.value()));
  if (exists) return AppendOutcome::kDuplicate;
  // One transaction: the order and its ledger event, a single fsync under synchronous=FULL.
  return impl_->capped(impl_->transaction([&] { return impl_->insert_order(order); }));
}

Result<bool> SqliteStore::begin_batch() {
  impl_->mutex.lock();  // held until the batch ends: other threads' writes wait for it
  if (impl_->in_batch) {
    impl_->mutex.unlock();
    return Error(ErrorCode::kState,
                 fmt::format("sqlite {}: a write batch is already open", impl_->path));
  }
  if (Status begun = impl_->exec("BEGIN IMMEDIATE"); !begun.ok()) {
    impl_->mutex.unlock();
    return std::move(begun).error().with_context("begin a write batch");
  }
  impl_->in_batch = true;
  return true;
}

Status SqliteStore::commit_batch() {
  std::lock_guard lock(impl_->mutex);  // another thread waits here until the batch has ended
  if (!impl_->in_batch) return Error(ErrorCode::kState, "no write batch is open");
  impl_->in_batch = false;
  Status committed = impl_->exec("COMMIT");
  if (!committed.ok()) (void)impl_->exec("ROLLBACK");
  impl_->mutex.unlock();  // begin_batch's hold
  if (!committed.ok()) return std::move(committed).error().with_context("commit a write batch");
  return ok_status();
}

Status SqliteStore::rollback_batch() {
  std::lock_guard lock(impl_->mutex);
  if (!impl_->in_batch) return Error(ErrorCode::kState, "no write batch is open");
  impl_->in_batch = false;
  Status rolled_back = impl_->exec("ROLLBACK");
  impl_->mutex.unlock();  // begin_batch's hold
  return rolled_back;
}

Result<std::vector<AppendOutcome>> SqliteStore::append_orders(std::span<const OrderRecord> orders) {
  std::lock_guard lock(impl_->mutex);
  return impl_->capped(impl_->transaction([&]() -> Result<std::vector<AppendOutcome>> {
    std::vector<AppendOutcome> out;
    out.reserve(orders.size());
    for (const OrderRecord& o : orders) {
      OMEGA_ASSIGN_OR_RETURN(AppendOutcome r, impl_->insert_order(o));
      out.push_back(r);
    }
    return out;
  }));
}

Status SqliteStore::update_order(const ClientOrderId& id, OrderStatus status,
                                 const VenueOrderId& venue_order_id, Timestamp ts) {
  std::lock_guard lock(impl_->mutex);
  return impl_->capped(impl_->transaction([&]() -> Status {
    Statement st(impl_->db,
                 "UPDATE orders SET status=?, venue_order_id=CASE WHEN ?='' THEN venue_order_id "
                 "ELSE ? END, ts_updated_ns=? WHERE client_order_id=?");
    OMEGA_TRY(st.prepared());
    st.bind(1, to_string(status)).bind(2, venue_order_id.value()).bind(3, venue_order_id.value());
    st.bind(4, ts.ns()).bind(5, id.value());
    OMEGA_TRY(st.run());
    if (sqlite3_changes(impl_->db) == 0) {
      return Error(ErrorCode::kNotFound, fmt::format("no order '{}' in the ledger", id.value()));
    }
    OMEGA_TRY(insert_event(impl_->db, "ledger", order_event_payload(id.value(), status)));
    return ok_status();
  }));
}

Result<AppendOutcome> SqliteStore::append_fill(const FillRecord& r) {
  std::lock_guard lock(impl_->mutex);
  OMEGA_ASSIGN_OR_RETURN(bool exists, impl_->exists("fills", "trade_id", r.fill.trade_id.value()));
  if (exists) return AppendOutcome::kDuplicate;
  return impl_->capped(impl_->transaction([&]() -> Result<AppendOutcome> {
    const Fill& f = r.fill;
    Statement st(impl_->db,
                 "INSERT INTO fills(trade_id, client_order_id, venue_order_id, bot_id, symbol, "
                 "side, price, quantity, fee, fee_currency, liquidity, ts_event_ns) "
                 "VALUES(?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(trade_id) DO NOTHING");
    OMEGA_TRY(st.prepared());
    st.bind(1, f.trade_id.value()).bind(2, f.client_order_id.value());
    st.bind(3, f.venue_order_id.value()).bind(4, r.bot_id.value()).bind(5, r.symbol.to_string());
    st.bind(6, to_string(f.side)).bind(7, encode_decimal(f.price));
    st.bind(8, encode_decimal(f.quantity)).bind(9, encode_decimal(f.fee));
    st.bind(10, f.fee_currency.code()).bind(11, to_string(f.liquidity));
    st.bind(12, f.ts_event.ns());
    OMEGA_TRY(st.run());
    if (sqlite3_changes(impl_->db) == 0) return AppendOutcome::kDuplicate;
    OMEGA_ASSIGN_OR_RETURN(PositionSnapshot p, impl_->read_position(r.bot_id, r.symbol));
    OMEGA_ASSIGN_OR_RETURN(Quantity delta, f.quantity.mul(sign(f.side)));
    OMEGA_ASSIGN_OR_RETURN(p.net_quantity, p.net_quantity.add(delta));
    Statement pos(impl_->db,
                  "INSERT INTO positions VALUES(?,?,?,?,?) ON CONFLICT(bot_id, symbol) DO UPDATE "
                  "SET net_quantity=excluded.net_quantity, fill_count=excluded.fill_count, "
                  "ts_updated_ns=excluded.ts_updated_ns");
    OMEGA_TRY(pos.prepared());
    pos.bind(1, r.bot_id.value()).bind(2, r.symbol.to_string());
    pos.bind(3, encode_decimal(p.net_quantity)).bind(4, p.fill_count + 1).bind(5, f.ts_event.ns());
    OMEGA_TRY(pos.run());
    OMEGA_TRY(insert_event(impl_->db, "ledger",
                           fill_event_payload(f.trade_id.value(), f.client_order_id.value())));
    return AppendOutcome::kInserted;
  }));
}

namespace {
constexpr const char* kOrderColumns =
    "SELECT client_order_id, bot_id, venue_order_id, symbol, side, type, quantity, price, "
    "status, ts_created_ns, ts_updated_ns FROM orders";

Result<OrderRecord> read_order(const Statement& st) {
  OrderRecord o;
  o.client_order_id = ClientOrderId(std::string(st.text(0)));
  o.bot_id = BotId(std::string(st.text(1)));
  o.venue_order_id = VenueOrderId(std::string(st.text(2)));
  OMEGA_ASSIGN_OR_RETURN(o.symbol, read_symbol(st.text(3)));
  OMEGA_ASSIGN_OR_RETURN(o.side, parse_side(st.text(4)));
  OMEGA_ASSIGN_OR_RETURN(o.type, parse_order_type(st.text(5)));
  OMEGA_ASSIGN_OR_RETURN(o.quantity, decode_decimal<QuantityTag>(st.text(6), "quantity"));
  if (!st.is_null(7)) {
    OMEGA_ASSIGN_OR_RETURN(Price p, decode_decimal<PriceTag>(st.text(7), "price"));
    o.price = p;
  }
  OMEGA_ASSIGN_OR_RETURN(o.status, parse_order_status(st.text(8)));
  o.ts_created = Timestamp(st.integer(9));
  o.ts_updated = Timestamp(st.integer(10));
  return o;
}
}  // namespace

Result<std::optional<OrderRecord>> SqliteStore::order(const ClientOrderId& id) {
  std::lock_guard lock(impl_->mutex);
  Statement st(impl_->db, std::string(kOrderColumns) + " WHERE client_order_id=?");
  OMEGA_TRY(st.prepared());
  st.bind(1, id.value());
  OMEGA_ASSIGN_OR_RETURN(bool row, st.step());
  if (!row) return std::optional<OrderRecord>();
  OMEGA_ASSIGN_OR_RETURN(OrderRecord o, read_order(st));
  return std::optional<OrderRecord>(std::move(o));
}

Result<std::vector<OrderRecord>> SqliteStore::orders() {
  std::lock_guard lock(impl_->mutex);
  Statement st(impl_->db, std::string(kOrderColumns) + " ORDER BY seq");
  OMEGA_TRY(st.prepared());
  std::vector<OrderRecord> out;
  while (true) {
    OMEGA_ASSIGN_OR_RETURN(bool row, st.step());
    if (!row) break;
    OMEGA_ASSIGN_OR_RETURN(OrderRecord o, read_order(st));
    out.push_back(std::move(o));
  }
  return out;
}

Result<std::vector<FillRecord>> SqliteStore::fills() {
  return fills_since(0);
}

Result<std::string> SqliteStore::ledger_version() {
  std::lock_guard lock(impl_->mutex);
  // Every ledger write appends to the stream "ledger" in its transaction, and stream ids are
  // AUTOINCREMENT (never reused, even after a trim), so the newest id changes with each write.
  Statement st(impl_->db, "SELECT COALESCE(MAX(id), 0) FROM stream_entries WHERE stream='ledger'");
  OMEGA_TRY(st.prepared());
  OMEGA_ASSIGN_OR_RETURN(bool row, st.step());
  const std::int64_t id = row ? st.integer(0) : 0;
  return id == 0 ? std::string() : std::to_string(id);
}

Result<std::vector<FillRecord>> SqliteStore::fills_since(std::size_t skip) {
  std::lock_guard lock(impl_->mutex);
  Statement st(impl_->db,
               "SELECT trade_id, client_order_id, venue_order_id, bot_id, symbol, side, price, "
               "quantity, fee, fee_currency, liquidity, ts_event_ns FROM fills ORDER BY seq "
               "LIMIT -1 OFFSET ?");
  OMEGA_TRY(st.prepared());
  st.bind(1, static_cast<std::int64_t>(skip));
  std::vector<FillRecord> out;
  while (true) {
    OMEGA_ASSIGN_OR_RETURN(bool row, st.step());
    if (!row) break;
    FillRecord r;
    Fill& f = r.fill;
    f.trade_id = TradeId(std::string(st.text(0)));
    f.client_order_id = ClientOrderId(std::string(st.text(1)));
    f.venue_order_id = VenueOrderId(std::string(st.text(2)));
    r.bot_id = BotId(std::string(st.text(3)));
    OMEGA_ASSIGN_OR_RETURN(r.symbol, read_symbol(st.text(4)));
    OMEGA_ASSIGN_OR_RETURN(f.side, parse_side(st.text(5)));
    OMEGA_ASSIGN_OR_RETURN(f.price, decode_decimal<PriceTag>(st.text(6), "price"));
    OMEGA_ASSIGN_OR_RETURN(f.quantity, decode_decimal<QuantityTag>(st.text(7), "quantity"));
    OMEGA_ASSIGN_OR_RETURN(f.fee, decode_decimal<MoneyTag>(st.text(8), "fee"));
    if (!st.text(9).empty()) {
      OMEGA_ASSIGN_OR_RETURN(f.fee_currency, Currency::parse(st.text(9)));
    }
    OMEGA_ASSIGN_OR_RETURN(f.liquidity, parse_liquidity(st.text(10)));
    f.ts_event = Timestamp(st.integer(11));
    out.push_back(std::move(r));
  }
  return out;
}

Result<PositionSnapshot> SqliteStore::position(const BotId& bot, const Symbol& symbol) {
  std::lock_guard lock(impl_->mutex);
  return impl_->read_position(bot, symbol);
}

Result<std::vector<PositionSnapshot>> SqliteStore::positions() {
  std::lock_guard lock(impl_->mutex);
  Statement st(impl_->db,
               "SELECT bot_id, symbol, net_quantity, fill_count, ts_updated_ns FROM positions "
               "ORDER BY bot_id, symbol");
  OMEGA_TRY(st.prepared());
  std::vector<PositionSnapshot> out;
  while (true) {
    OMEGA_ASSIGN_OR_RETURN(bool row, st.step());
    if (!row) break;
    PositionSnapshot p;
    p.bot_id = BotId(std::string(st.text(0)));
    OMEGA_ASSIGN_OR_RETURN(p.symbol, read_symbol(st.text(1)));
    OMEGA_ASSIGN_OR_RETURN(p.net_quantity, decode_decimal<QuantityTag>(st.text(2), "net_quantity"));
    p.fill_count = st.integer(3);
    p.ts_updated = Timestamp(st.integer(4));
    out.push_back(std::move(p));
  }
  return out;
}

// ---- signals, state, metrics, settings, audit --------------------------------------------------

Status SqliteStore::append_signal(const SignalRecord& s) {
  std::lock_guard lock(impl_->mutex);
  return impl_->capped(impl_->transaction([&]() -> Status {
    Statement st(impl_->db,
                 "INSERT INTO signals(bot_id, symbol, kind, payload, ts_ns) VALUES(?,?,?,?,?)");
    OMEGA_TRY(st.prepared());
    st.bind(1, s.bot_id.value()).bind(2, s.symbol.to_string()).bind(3, s.kind);
    st.bind(4, s.payload).bind(5, s.ts.ns());
    OMEGA_TRY(st.run());
    OMEGA_ASSIGN_OR_RETURN(std::int64_t id, insert_event(impl_->db, "signals", s.payload));
    (void)id;
    return ok_status();
  }));
}

Result<std::vector<SignalRecord>> SqliteStore::recent_signals(std::size_t limit) {
  std::lock_guard lock(impl_->mutex);
  Statement st(impl_->db,
               "SELECT bot_id, symbol, kind, payload, ts_ns FROM (SELECT * FROM signals ORDER BY "
               "seq DESC LIMIT ?) ORDER BY seq");
  OMEGA_TRY(st.prepared());
  st.bind(1, static_cast<std::int64_t>(limit));
  std::vector<SignalRecord> out;
  while (true) {
    OMEGA_ASSIGN_OR_RETURN(bool row, st.step());
    if (!row) break;
    SignalRecord s;
    s.bot_id = BotId(std::string(st.text(0)));
    OMEGA_ASSIGN_OR_RETURN(s.symbol, read_symbol(st.text(1)));
    s.kind = std::string(st.text(2));
    s.payload = std::string(st.text(3));
    s.ts = Timestamp(st.integer(4));
    out.push_back(std::move(s));
  }
  return out;
}

Result<std::optional<VersionedValue>> SqliteStore::get_state(const BotId& bot,
                                                             std::string_view key) {
  std::lock_guard lock(impl_->mutex);
  Statement st(impl_->db, "SELECT value, version FROM bot_state WHERE bot_id=? AND key=?");
  OMEGA_TRY(st.prepared());
  st.bind(1, bot.value()).bind(2, key);
  OMEGA_ASSIGN_OR_RETURN(bool row, st.step());
  if (!row) return std::optional<VersionedValue>();
  return std::optional<VersionedValue>(VersionedValue{std::string(st.text(0)), st.integer(1)});
}

Result<std::int64_t> SqliteStore::compare_and_set_state(const BotId& bot, std::string_view key,
                                                        std::int64_t expected_version,
                                                        std::string_view value) {
  std::lock_guard lock(impl_->mutex);
  return impl_->transaction([&]() -> Result<std::int64_t> {
    Statement cur(impl_->db, "SELECT version FROM bot_state WHERE bot_id=? AND key=?");
    OMEGA_TRY(cur.prepared());
    cur.bind(1, bot.value()).bind(2, key);
    OMEGA_ASSIGN_OR_RETURN(bool row, cur.step());
    const std::int64_t current = row ? cur.integer(0) : 0;
    if (current != expected_version) {
      return Error(ErrorCode::kState, fmt::format("state {}/{}: version is {}, expected {}",
                                                  bot.value(), key, current, expected_version));
    }
    Statement put(impl_->db, "INSERT OR REPLACE INTO bot_state VALUES(?,?,?,?)");
    OMEGA_TRY(put.prepared());
    put.bind(1, bot.value()).bind(2, key).bind(3, value).bind(4, current + 1);
    OMEGA_TRY(put.run());
    return current + 1;
  });
}

Status SqliteStore::record_metric(std::string_view name, MetricPoint point) {
  std::lock_guard lock(impl_->mutex);
  Statement st(impl_->db, "INSERT OR REPLACE INTO metrics VALUES(?,?,?)");
  OMEGA_TRY(st.prepared());
  st.bind(1, name).bind(2, point.ts.ns()).bind(3, point.value);
  return st.run();
}

Result<std::vector<MetricPoint>> SqliteStore::metric_range(std::string_view name, Timestamp from,
                                                           Timestamp to) {
  std::lock_guard lock(impl_->mutex);
  Statement st(impl_->db,
               "SELECT ts_ns, value FROM metrics WHERE name=? AND ts_ns>=? AND "
               "ts_ns<? ORDER BY ts_ns");
  OMEGA_TRY(st.prepared());
  st.bind(1, name).bind(2, from.ns()).bind(3, to.ns());
  std::vector<MetricPoint> out;
  while (true) {
    OMEGA_ASSIGN_OR_RETURN(bool row, st.step());
    if (!row) break;
    out.push_back(MetricPoint{Timestamp(st.integer(0)), st.real(1)});
  }
  return out;
}

Status SqliteStore::put_setting(const UserId& user, std::string_view key, std::string_view value) {
  std::lock_guard lock(impl_->mutex);
  Statement st(impl_->db, "INSERT OR REPLACE INTO settings VALUES(?,?,?)");
  OMEGA_TRY(st.prepared());
  st.bind(1, user.value()).bind(2, key).bind(3, value);
  return st.run();
}

Result<std::optional<std::string>> SqliteStore::get_setting(const UserId& user,
                                                            std::string_view key) {
  std::lock_guard lock(impl_->mutex);
  Statement st(impl_->db, "SELECT value FROM settings WHERE user_id=? AND key=?");
  OMEGA_TRY(st.prepared());
  st.bind(1, user.value()).bind(2, key);
  OMEGA_ASSIGN_OR_RETURN(bool row, st.step());
  if (!row) return std::optional<std::string>();
  return std::optional<std::string>(std::string(st.text(0)));
}

Status SqliteStore::append_audit(const AuditEntry& e) {
  std::lock_guard lock(impl_->mutex);
  Statement st(impl_->db,
               "INSERT INTO audit(ts_ns, actor, action, target, result) VALUES(?,?,?,?,?)");
  OMEGA_TRY(st.prepared());
  st.bind(1, e.ts.ns()).bind(2, e.actor).bind(3, e.action).bind(4, e.target).bind(5, e.result);
  return impl_->capped(st.run());
}

Result<std::vector<AuditEntry>> SqliteStore::recent_audit(std::size_t limit) {
  std::lock_guard lock(impl_->mutex);
  Statement st(impl_->db,
               "SELECT ts_ns, actor, action, target, result FROM (SELECT * FROM audit ORDER BY "
               "seq DESC LIMIT ?) ORDER BY seq");
  OMEGA_TRY(st.prepared());
  st.bind(1, static_cast<std::int64_t>(limit));
  std::vector<AuditEntry> out;
  while (true) {
    OMEGA_ASSIGN_OR_RETURN(bool row, st.step());
    if (!row) break;
    out.push_back(AuditEntry{Timestamp(st.integer(0)), std::string(st.text(1)),
                             std::string(st.text(2)), std::string(st.text(3)),
                             std::string(st.text(4))});
  }
  return out;
}

// ---- event streams ----------------------------------------------------------------------------

Result<std::string> SqliteStore::append_event(std::string_view stream, std::string_view payload) {
  std::lock_guard lock(impl_->mutex);
  OMEGA_ASSIGN_OR_RETURN(std::int64_t id, impl_->capped(insert_event(impl_->db, stream, payload)));
  return std::to_string(id);
}

Status SqliteStore::create_group(std::string_view stream, std::string_view group) {
  std::lock_guard lock(impl_->mutex);
  Statement st(impl_->db,
               "INSERT INTO stream_groups VALUES(?1, ?2, (SELECT COALESCE(MAX(id), 0) FROM "
               "stream_entries WHERE stream=?1)) ON CONFLICT(stream, grp) DO NOTHING");
  OMEGA_TRY(st.prepared());
  st.bind(1, stream).bind(2, group);
  return st.run();
}

Status SqliteStore::create_group_from_start(std::string_view stream, std::string_view group) {
  std::lock_guard lock(impl_->mutex);
  Statement st(impl_->db,
               "INSERT INTO stream_groups VALUES(?1, ?2, 0) ON CONFLICT(stream, grp) DO NOTHING");
  OMEGA_TRY(st.prepared());
  st.bind(1, stream).bind(2, group);
  return st.run();
}

Result<std::vector<StreamEntry>> SqliteStore::read_group(std::string_view stream,
                                                         std::string_view group,
                                                         std::string_view consumer,
                                                         std::size_t count) {
  std::lock_guard lock(impl_->mutex);
  return impl_->transaction([&]() -> Result<std::vector<StreamEntry>> {
    Statement g(impl_->db, "SELECT last_delivered FROM stream_groups WHERE stream=? AND grp=?");
    OMEGA_TRY(g.prepared());
    g.bind(1, stream).bind(2, group);
    OMEGA_ASSIGN_OR_RETURN(bool has_group, g.step());
    if (!has_group) {
      return Error(ErrorCode::kNotFound,
                   fmt::format("stream {}: no consumer group '{}'", stream, group));
    }
    const std::int64_t last = g.integer(0);
    Statement st(impl_->db,
                 "SELECT id, payload FROM stream_entries WHERE stream=? AND id>? "
                 "ORDER BY id LIMIT ?");
    OMEGA_TRY(st.prepared());
    st.bind(1, stream).bind(2, last).bind(3, static_cast<std::int64_t>(count));
    std::vector<StreamEntry> out;
    std::int64_t max_id = last;
    const std::int64_t now = now_ns();
    while (true) {
      OMEGA_ASSIGN_OR_RETURN(bool row, st.step());
      if (!row) break;
      max_id = st.integer(0);
      out.push_back(StreamEntry{std::to_string(max_id), std::string(st.text(1))});
      Statement p(impl_->db, "INSERT OR REPLACE INTO stream_pending VALUES(?,?,?,?,?,1)");
      OMEGA_TRY(p.prepared());
      p.bind(1, stream).bind(2, group).bind(3, max_id).bind(4, consumer).bind(5, now);
      OMEGA_TRY(p.run());
    }
    Statement up(impl_->db, "UPDATE stream_groups SET last_delivered=? WHERE stream=? AND grp=?");
    OMEGA_TRY(up.prepared());
    up.bind(1, max_id).bind(2, stream).bind(3, group);
    OMEGA_TRY(up.run());
    return out;
  });
}

Status SqliteStore::ack(std::string_view stream, std::string_view group,
                        std::span<const std::string> ids) {
  std::lock_guard lock(impl_->mutex);
  return impl_->transaction([&]() -> Status {
    for (const std::string& id : ids) {
      OMEGA_ASSIGN_OR_RETURN(std::int64_t n, decode_int(id, "stream entry id"));
      Statement st(impl_->db, "DELETE FROM stream_pending WHERE stream=? AND grp=? AND id=?");
      OMEGA_TRY(st.prepared());
      st.bind(1, stream).bind(2, group).bind(3, n);
      OMEGA_TRY(st.run());
    }
    return ok_status();
  });
}

Result<std::vector<StreamEntry>> SqliteStore::claim_pending(std::string_view stream,
                                                            std::string_view group,
                                                            std::string_view consumer,
                                                            std::chrono::milliseconds min_idle,
                                                            std::size_t count) {
  std::lock_guard lock(impl_->mutex);
  return impl_->transaction([&]() -> Result<std::vector<StreamEntry>> {
    const std::int64_t now = now_ns();
    const std::int64_t cutoff =
        now - std::chrono::duration_cast<std::chrono::nanoseconds>(min_idle).count();
    Statement st(impl_->db,
                 "SELECT p.id, e.payload FROM stream_pending p JOIN stream_entries e ON e.id=p.id "
                 "WHERE p.stream=? AND p.grp=? AND p.delivered_ns<=? ORDER BY p.id LIMIT ?");
    OMEGA_TRY(st.prepared());
    st.bind(1, stream).bind(2, group).bind(3, cutoff).bind(4, static_cast<std::int64_t>(count));
    std::vector<StreamEntry> out;
    while (true) {
      OMEGA_ASSIGN_OR_RETURN(bool row, st.step());
      if (!row) break;
      out.push_back(StreamEntry{std::to_string(st.integer(0)), std::string(st.text(1))});
    }
    for (const StreamEntry& e : out) {
      Statement up(impl_->db,
                   "UPDATE stream_pending SET consumer=?, delivered_ns=?, "
                   "deliveries=deliveries+1 WHERE stream=? AND grp=? AND id=?");
      OMEGA_TRY(up.prepared());
      up.bind(1, consumer).bind(2, now).bind(3, stream).bind(4, group);
      up.bind(5, static_cast<std::int64_t>(std::stoll(e.id)));
      OMEGA_TRY(up.run());
    }
    return out;
  });
}

Result<std::int64_t> SqliteStore::publish(std::string_view channel, std::string_view message) {
  return impl_->bus->publish(channel, message);
}

Result<std::unique_ptr<Subscription>> SqliteStore::subscribe(std::string_view channel,
                                                             Handler handler) {
  return impl_->bus->subscribe(channel, std::move(handler));
}

// ---- catalog (export and import) --------------------------------------------------------------

Result<std::vector<CandleSeries>> SqliteStore::candle_series() {
  std::lock_guard lock(impl_->mutex);
  Statement st(impl_->db, "SELECT DISTINCT symbol, timeframe FROM candles");
  OMEGA_TRY(st.prepared());
  std::vector<CandleSeries> out;
  while (true) {
    OMEGA_ASSIGN_OR_RETURN(bool row, st.step());
    if (!row) break;
    OMEGA_ASSIGN_OR_RETURN(Symbol symbol, Symbol::parse(st.text(0)));
    OMEGA_ASSIGN_OR_RETURN(Timeframe tf, Timeframe::parse(st.text(1)));
    out.push_back(CandleSeries{symbol, tf});
  }
  return out;
}

Result<std::vector<std::string>> SqliteStore::metric_names() {
  std::lock_guard lock(impl_->mutex);
  return first_column(impl_->db, "SELECT DISTINCT name FROM metrics");
}

Result<std::vector<BotStateEntry>> SqliteStore::all_state() {
  std::lock_guard lock(impl_->mutex);
  Statement st(impl_->db, "SELECT bot_id, key, value, version FROM bot_state");
  OMEGA_TRY(st.prepared());
  std::vector<BotStateEntry> out;
  while (true) {
    OMEGA_ASSIGN_OR_RETURN(bool row, st.step());
    if (!row) break;
    out.push_back(BotStateEntry{BotId(std::string(st.text(0))), std::string(st.text(1)),
                                VersionedValue{std::string(st.text(2)), st.integer(3)}});
  }
  return out;
}

Result<bool> SqliteStore::restore_state(const BotStateEntry& e) {
  std::lock_guard lock(impl_->mutex);
  Statement st(impl_->db,
               "INSERT INTO bot_state VALUES(?,?,?,?) ON CONFLICT(bot_id, key) DO UPDATE SET "
               "value=excluded.value, version=excluded.version "
               "WHERE excluded.version > bot_state.version");
  OMEGA_TRY(st.prepared());
  st.bind(1, e.bot_id.value()).bind(2, e.key).bind(3, e.value.value).bind(4, e.value.version);
  OMEGA_TRY(st.run());
  return sqlite3_changes(impl_->db) > 0;
}

Result<std::vector<SettingEntry>> SqliteStore::all_settings() {
  std::lock_guard lock(impl_->mutex);
  Statement st(impl_->db, "SELECT user_id, key, value FROM settings");
  OMEGA_TRY(st.prepared());
  std::vector<SettingEntry> out;
  while (true) {
    OMEGA_ASSIGN_OR_RETURN(bool row, st.step());
    if (!row) break;
    out.push_back(SettingEntry{UserId(std::string(st.text(0))), std::string(st.text(1)),
                               std::string(st.text(2))});
  }
  return out;
}

// ---- retention --------------------------------------------------------------------------------

Result<std::int64_t> SqliteStore::trim_series(Timestamp cutoff) {
  std::lock_guard lock(impl_->mutex);
  const std::int64_t before = Timestamp::from_ms(cutoff.ms()).ns();
  return impl_->transaction([&]() -> Result<std::int64_t> {
    std::int64_t deleted = 0;
    for (const char* sql :
         {"DELETE FROM candles WHERE open_time_ns < ?", "DELETE FROM metrics WHERE ts_ns < ?"}) {
      Statement st(impl_->db, sql);
      OMEGA_TRY(st.prepared());
      st.bind(1, before);
      OMEGA_TRY(st.run());
      deleted += sqlite3_changes(impl_->db);
    }
    return deleted;
  });
}

// ---- log retention ----------------------------------------------------------------------------

namespace {

// One append-only log: a table, its order column and its time column, optionally one stream of
// stream_entries (`stream` non-empty). Names are ours, never input.
struct LogTable {
  const char* table;
  const char* order_col;
  const char* ts_col;
  bool by_stream;
};

// Deletes the head of a log as LogTrim says; returns how many rows went.
Result<std::int64_t> trim_log(sqlite3* db, const LogTable& t, std::string_view stream,
                              const LogTrim& trim) {
  const std::string where = t.by_stream ? "stream=?1" : "?1 IS NULL";
  std::int64_t deleted = 0;
  auto bind_stream = [&](Statement& st) {
    if (t.by_stream) {
      st.bind(1, stream);
    } else {
      st.bind_null(1);
    }
  };
  if (trim.before) {
    // The oldest entries up to the first one at or after the cutoff (XTRIM MINID semantics).
    Statement st(db, fmt::format("DELETE FROM {0} WHERE {3} AND {1} < COALESCE((SELECT MIN({1}) "
                                 "FROM {0} WHERE {3} AND {2} >= ?2), (SELECT MAX({1}) + 1 FROM {0} "
                                 "WHERE {3}))",
                                 t.table, t.order_col, t.ts_col, where));
    OMEGA_TRY(st.prepared());
    bind_stream(st);
    st.bind(2, Timestamp::from_ms(trim.before->ms()).ns());
    OMEGA_TRY(st.run());
    deleted += sqlite3_changes(db);
  }
  if (trim.max_len) {
    Statement st(db, fmt::format("DELETE FROM {0} WHERE {2} AND {1} <= (SELECT {1} FROM {0} WHERE "
                                 "{2} ORDER BY {1} DESC LIMIT 1 OFFSET ?2)",
                                 t.table, t.order_col, where));
    OMEGA_TRY(st.prepared());
    bind_stream(st);
    st.bind(2, static_cast<std::int64_t>(*trim.max_len));
    OMEGA_TRY(st.run());
    deleted += sqlite3_changes(db);
  }
  return deleted;
}

Result<std::vector<std::string>> all_streams(sqlite3* db) {
  return first_column(db,
                      "SELECT stream FROM stream_entries UNION SELECT stream FROM stream_groups");
}

}  // namespace

void SqliteStore::Impl::note_appends(std::int64_t n) {
  if (stream_max_len <= 0) return;
  appends_since_cap += n;
  // Roughly every tenth of the cap (at most every 1024 appends): amortised like MAXLEN ~.
  if (appends_since_cap < std::clamp<std::int64_t>(stream_max_len / 10, 1, 1024)) return;
  appends_since_cap = 0;
  const LogTrim streams{std::nullopt, static_cast<std::size_t>(stream_max_len)};
  const LogTrim audit{std::nullopt, static_cast<std::size_t>(stream_max_len) * 100};
  auto capped_logs = transaction([&]() -> Result<std::int64_t> {
    OMEGA_ASSIGN_OR_RETURN(std::vector<std::string> names, all_streams(db));
    std::int64_t deleted = 0;
    for (const std::string& stream : names) {
      OMEGA_ASSIGN_OR_RETURN(
          std::int64_t k, trim_log(db, {"stream_entries", "id", "ts_ns", true}, stream, streams));
      deleted += k;
    }
    OMEGA_TRY(
        exec("DELETE FROM stream_pending WHERE NOT EXISTS (SELECT 1 FROM stream_entries e WHERE "
             "e.id = stream_pending.id AND e.stream = stream_pending.stream)"));
    OMEGA_ASSIGN_OR_RETURN(std::int64_t sig,
                           trim_log(db, {"signals", "seq", "ts_ns", false}, "", streams));
    OMEGA_ASSIGN_OR_RETURN(std::int64_t aud,
                           trim_log(db, {"audit", "seq", "ts_ns", false}, "", audit));
    return deleted + sig + aud;
  });
  if (!capped_logs.ok()) {
    log_warn("sqlite {}: capping the logs at {} entries failed: {}", path, stream_max_len,
             capped_logs.error().to_string());
  }
}

Result<TrimCounts> SqliteStore::trim_logs(const LogRetention& retention) {
  std::lock_guard lock(impl_->mutex);
  return impl_->transaction([&]() -> Result<TrimCounts> {
    TrimCounts counts;
    sqlite3* db = impl_->db;
    if (!retention.streams.empty()) {
      OMEGA_ASSIGN_OR_RETURN(std::vector<std::string> streams, all_streams(db));
      for (const std::string& stream : streams) {
        OMEGA_ASSIGN_OR_RETURN(std::int64_t n, trim_log(db, {"stream_entries", "id", "ts_ns", true},
                                                        stream, retention.streams));
        counts.stream_entries += n;
      }
      // Pending entries whose entry is gone can never be delivered again.
      OMEGA_TRY(impl_->exec(
          "DELETE FROM stream_pending WHERE NOT EXISTS (SELECT 1 FROM stream_entries e WHERE "
          "e.id = stream_pending.id AND e.stream = stream_pending.stream)"));
    }
    OMEGA_ASSIGN_OR_RETURN(counts.signals,
                           trim_log(db, {"signals", "seq", "ts_ns", false}, "", retention.signals));
    OMEGA_ASSIGN_OR_RETURN(counts.audit,
                           trim_log(db, {"audit", "seq", "ts_ns", false}, "", retention.audit));
    return counts;
  });
}

// ---- streams for export and import -------------------------------------------------------------

Result<std::vector<std::string>> SqliteStore::stream_names() {
  std::lock_guard lock(impl_->mutex);
  return all_streams(impl_->db);
}

Result<StreamSnapshot> SqliteStore::stream_snapshot(std::string_view stream) {
  std::lock_guard lock(impl_->mutex);
  sqlite3* db = impl_->db;
  StreamSnapshot snap;
  snap.name = std::string(stream);
  std::vector<std::int64_t> ids;
  {
    Statement st(db, "SELECT id, payload FROM stream_entries WHERE stream=? ORDER BY id");
    OMEGA_TRY(st.prepared());
    st.bind(1, stream);
    while (true) {
      OMEGA_ASSIGN_OR_RETURN(bool row, st.step());
      if (!row) break;
      ids.push_back(st.integer(0));
      snap.entries.push_back(StreamEntry{std::to_string(ids.back()), std::string(st.text(1))});
    }
  }
  Statement g(db, "SELECT grp, last_delivered FROM stream_groups WHERE stream=? ORDER BY grp");
  OMEGA_TRY(g.prepared());
  g.bind(1, stream);
  while (true) {
    OMEGA_ASSIGN_OR_RETURN(bool row, g.step());
    if (!row) break;
    StreamGroup group;
    group.name = std::string(g.text(0));
    const std::int64_t last = g.integer(1);
    group.delivered =
        static_cast<std::size_t>(std::upper_bound(ids.begin(), ids.end(), last) - ids.begin());
    Statement p(db,
                "SELECT id, consumer, deliveries FROM stream_pending WHERE stream=? AND grp=? "
                "ORDER BY id");
    OMEGA_TRY(p.prepared());
    p.bind(1, stream).bind(2, group.name);
    while (true) {
      OMEGA_ASSIGN_OR_RETURN(bool prow, p.step());
      if (!prow) break;
      auto at = std::lower_bound(ids.begin(), ids.end(), p.integer(0));
      if (at == ids.end() || *at != p.integer(0)) continue;  // its entry was trimmed away
      group.pending.push_back(PendingEntry{static_cast<std::size_t>(at - ids.begin()),
                                           std::string(p.text(1)), p.integer(2)});
    }
    snap.groups.push_back(std::move(group));
  }
  return snap;
}

Status SqliteStore::restore_stream(const StreamSnapshot& snap) {
  std::lock_guard lock(impl_->mutex);
  sqlite3* db = impl_->db;
  return impl_->transaction([&]() -> Status {
    for (const char* table : {"stream_entries", "stream_groups", "stream_pending"}) {
      Statement del(db, fmt::format("DELETE FROM {} WHERE stream=?", table));
      OMEGA_TRY(del.prepared());
      del.bind(1, snap.name);
      OMEGA_TRY(del.run());
    }
    std::vector<std::int64_t> ids;
    ids.reserve(snap.entries.size());
    for (const StreamEntry& e : snap.entries) {
      OMEGA_ASSIGN_OR_RETURN(std::int64_t id, insert_event(db, snap.name, e.payload));
      ids.push_back(id);
    }
    // Before the first restored entry: every id of this stream after it is undelivered.
    OMEGA_ASSIGN_OR_RETURN(std::int64_t before_all, [&]() -> Result<std::int64_t> {
      if (!ids.empty()) return ids.front() - 1;
      Statement seq(db, "SELECT COALESCE(MAX(id), 0) FROM stream_entries");
      OMEGA_TRY(seq.prepared());
      OMEGA_TRY(seq.step());
      return seq.integer(0);
    }());
    const std::int64_t now = now_ns();
    for (const StreamGroup& g : snap.groups) {
      if (g.delivered > ids.size()) {
        return Error(ErrorCode::kValidation,
                     fmt::format("stream {} group {}: {} delivered of {} entries", snap.name,
                                 g.name, g.delivered, ids.size()));
      }
      Statement ins(db, "INSERT INTO stream_groups VALUES(?,?,?)");
      OMEGA_TRY(ins.prepared());
      ins.bind(1, snap.name).bind(2, g.name);
      ins.bind(3, g.delivered == 0 ? before_all : ids[g.delivered - 1]);
      OMEGA_TRY(ins.run());
      for (const PendingEntry& p : g.pending) {
        if (p.entry >= g.delivered) {
          return Error(ErrorCode::kValidation,
                       fmt::format("stream {} group {}: entry {} is pending but not delivered",
                                   snap.name, g.name, p.entry));
        }
        Statement pend(db, "INSERT INTO stream_pending VALUES(?,?,?,?,?,?)");
        OMEGA_TRY(pend.prepared());
        pend.bind(1, snap.name).bind(2, g.name).bind(3, ids[p.entry]).bind(4, p.consumer);
        pend.bind(5, now).bind(6, p.deliveries);
        OMEGA_TRY(pend.run());
      }
    }
    return ok_status();
  });
}

}  // namespace omega::store
