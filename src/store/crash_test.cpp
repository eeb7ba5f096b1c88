// Crash safety: a child process runs a bot that records each order before "sending" it to a
// venue of record (shared memory that survives the child), then its fill; the parent kills the
// child with SIGKILL at seeded moments and, after each kill, checks the ledger: nothing torn,
// nothing acknowledged lost, nothing duplicated, positions equal to the sum of fills, and after
// reconciliation every order the venue has is in the ledger with its fill.
#include <atomic>
#include <chrono>
#include <map>
#include <random>
#include <set>
#include <thread>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "store/reconcile.hpp"
#include "store/redis_store.hpp"
#include "store/sqlite_store.hpp"
#include "store/testing/test_stores.hpp"

namespace omega::store {
namespace {

constexpr int kMaxOrders = 16384;
constexpr int kKills = 100;
constexpr std::uint64_t kSeed = 20261122;

// Lives in a MAP_SHARED mapping: the venue of record and what the child saw acknowledged.
struct Shared {
  std::atomic<std::uint32_t> progress;  // steps the child completed, for kill timing
  std::atomic<std::uint8_t> at_venue[kMaxOrders];
  std::atomic<std::uint8_t> acked_order[kMaxOrders];
  std::atomic<std::uint8_t> acked_fill[kMaxOrders];
};

const Symbol& symbol() {
  static const Symbol s = Symbol::parse("BTC/USDT:USDT").value();
  return s;
}

ClientOrderId order_id(int n) {
  return ClientOrderId(fmt::format("c{}", n));
}

// The venue fills order n completely, deterministically.
FillRecord venue_fill(int n) {
  FillRecord r;
  r.bot_id = BotId("crash-bot");
  r.symbol = symbol();
  Fill& f = r.fill;
  f.trade_id = TradeId(fmt::format("t{}", n));
  f.client_order_id = order_id(n);
  f.venue_order_id = VenueOrderId(fmt::format("v{}", n));
  f.side = n % 3 == 0 ? OrderSide::kSell : OrderSide::kBuy;
  f.price = Price::from_raw_unchecked(6'400'000 + n % 97, 2);
  f.quantity = Quantity::from_raw_unchecked(n % 5 + 1, 3);
  f.fee = Money::from_raw_unchecked(n % 11, 8);
  f.fee_currency = Currency::parse("USDT").value();
  f.ts_event = Timestamp::from_ms(1'700'000'000'000 + n);
  return r;
}

OrderRecord bot_order(int n) {
  OrderRecord o;
  o.bot_id = BotId("crash-bot");
  o.client_order_id = order_id(n);
  o.symbol = symbol();
  o.side = venue_fill(n).fill.side;
  o.type = OrderType::kLimit;
  o.quantity = venue_fill(n).fill.quantity;
  o.price = venue_fill(n).fill.price;
  o.status = OrderStatus::kSubmitted;
  o.ts_created = Timestamp::from_ms(1'700'000'000'000 + n);
  o.ts_updated = o.ts_created;
  return o;
}

int parse_order_number(const ClientOrderId& id) {
  if (id.value().size() < 2 || id.value()[0] != 'c') return -1;
  return std::stoi(id.value().substr(1));
}

// The venue of record as the VenueOrderLookup port sees it.
class SharedVenue final : public VenueOrderLookup {
 public:
  explicit SharedVenue(Shared* shared) : shared_(shared) {}
  Result<std::optional<VenueOrder>> find_order(const ClientOrderId& id) override {
    const int n = parse_order_number(id);
    if (n < 0 || n >= kMaxOrders || shared_->at_venue[n].load() == 0) {
      return std::optional<VenueOrder>();
    }
    return std::optional<VenueOrder>(
        VenueOrder{id, venue_fill(n).fill.venue_order_id, OrderStatus::kFilled, {venue_fill(n)}});
  }
  Result<std::vector<ClientOrderId>> client_order_ids() override {
    std::vector<ClientOrderId> out;
    for (int n = 0; n < kMaxOrders; ++n) {
      if (shared_->at_venue[n].load() != 0) out.push_back(order_id(n));
    }
    return out;
  }

 private:
  Shared* shared_;
};

// The bot: reconcile on start, then record -> send -> fill -> status, until stopped.
[[noreturn]] void run_bot(Store& store, Shared* shared) {
  SharedVenue venue(shared);
  if (!reconcile_ledger(store, venue, Timestamp::from_s(1)).ok()) ::_exit(3);
  auto orders = store.orders();
  if (!orders.ok()) ::_exit(4);
  for (int n = static_cast<int>(orders->size()); n < kMaxOrders; ++n) {
    if (!store.append_order(bot_order(n)).ok()) ::_exit(5);
    shared->acked_order[n] = 1;
    shared->progress++;
    shared->at_venue[n] = 1;  // the request leaves; the venue has it
    shared->progress++;
    if (!store.append_fill(venue_fill(n)).ok()) ::_exit(7);
    shared->acked_fill[n] = 1;
    shared->progress++;
    if (!store
             .update_order(order_id(n), OrderStatus::kFilled, venue_fill(n).fill.venue_order_id,
                           Timestamp::from_s(2))
             .ok()) {
      ::_exit(6);
    }
    shared->progress++;
  }
  ::_exit(0);
}

// Checks the invariants that must hold at any crash point, then reconciles and checks that
// the ledger matches the venue.
void verify(Store& store, Shared* shared, int round) {
  SCOPED_TRACE(fmt::format("after kill {}", round));
  auto orders = store.orders();  // every row parses: nothing torn
  ASSERT_TRUE(orders.ok()) << orders.error().to_string();
  auto fills = store.fills();
  ASSERT_TRUE(fills.ok()) << fills.error().to_string();
  std::set<std::string> order_ids;
  for (const OrderRecord& o : *orders) {
    ASSERT_TRUE(order_ids.insert(o.client_order_id.value()).second) << "duplicate order";
    ASSERT_EQ(o.quantity, bot_order(parse_order_number(o.client_order_id)).quantity);
  }
  std::set<std::string> trade_ids;
  Quantity sum = Quantity::zero(3);
  for (const FillRecord& f : *fills) {
    ASSERT_TRUE(trade_ids.insert(f.fill.trade_id.value()).second) << "duplicate fill";
    ASSERT_TRUE(order_ids.contains(f.fill.client_order_id.value())) << "fill without order";
    sum = sum.add(f.fill.quantity.mul(sign(f.fill.side)).value()).value();
  }
  for (int n = 0; n < kMaxOrders; ++n) {
    if (shared->acked_order[n] != 0) {
      ASSERT_TRUE(order_ids.contains(order_id(n).value())) << "acknowledged order lost: " << n;
    }
    if (shared->acked_fill[n] != 0) {
      ASSERT_TRUE(trade_ids.contains(fmt::format("t{}", n))) << "acknowledged fill lost: " << n;
    }
  }
  auto pos = store.position(BotId("crash-bot"), symbol());
  ASSERT_TRUE(pos.ok());
  ASSERT_EQ(pos->net_quantity, sum) << "position differs from the sum of fills";
  ASSERT_EQ(pos->fill_count, static_cast<std::int64_t>(fills->size()));

  SharedVenue venue(shared);
  auto report = reconcile_ledger(store, venue, Timestamp::from_s(3));
  ASSERT_TRUE(report.ok()) << report.error().to_string();
  ASSERT_TRUE(report->unknown_at_ledger.empty()) << "the venue has an order the ledger lost";
  auto after = store.orders();
  ASSERT_TRUE(after.ok());
  for (const OrderRecord& o : *after) {
    const int n = parse_order_number(o.client_order_id);
    ASSERT_EQ(o.status, shared->at_venue[n] != 0 ? OrderStatus::kFilled : OrderStatus::kCanceled);
  }
  auto fills_after = store.fills();
  ASSERT_TRUE(fills_after.ok());
  std::size_t at_venue = 0;
  for (int n = 0; n < kMaxOrders; ++n) at_venue += shared->at_venue[n] != 0 ? 1 : 0;
  ASSERT_EQ(fills_after->size(), at_venue) << "every venue execution is in the ledger once";
  // Reconciling again changes nothing.
  auto again = reconcile_ledger(store, venue, Timestamp::from_s(4));
  ASSERT_TRUE(again.ok());
  ASSERT_EQ(again->fills_added + again->orders_updated + again->orders_never_sent, 0u);
}

using StoreFactory = std::function<Result<std::unique_ptr<Store>>()>;

struct CrashStats {
  int kills = 0;
  int kills_with_unacked_order = 0;  // recorded or sent, then killed before the fill was acked
  std::uint32_t steps = 0;
};

CrashStats run_crash_rounds(const StoreFactory& open, int kills) {
  void* mem =
      ::mmap(nullptr, sizeof(Shared), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  EXPECT_NE(mem, MAP_FAILED);
  auto* shared = new (mem) Shared();
  std::mt19937_64 rng(kSeed);
  std::uniform_int_distribution<std::uint32_t> steps(1, 40);
  CrashStats stats;
  for (int round = 0; round < kills; ++round) {
    const std::uint32_t target = shared->progress.load() + steps(rng);
    const pid_t pid = ::fork();
    if (pid == 0) {
      auto store = open();
      if (!store.ok()) ::_exit(2);
      run_bot(**store, shared);
    }
    EXPECT_GT(pid, 0);
    // Wait (bounded) for the seeded number of steps; the child keeps running meanwhile, so the
    // kill lands at an arbitrary point inside the next step, including inside a commit.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    int status = 0;
    bool exited = false;
    while (shared->progress.load() < target) {
      if (::waitpid(pid, &status, WNOHANG) == pid) {
        exited = true;
        break;
      }
      if (std::chrono::steady_clock::now() > deadline) break;
      std::this_thread::yield();
    }
    if (!exited) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
    }
    if (exited) {
      ADD_FAILURE() << "bot exited by itself with status " << WEXITSTATUS(status);
      break;
    }
    ++stats.kills;
    auto store = open();
    if (!store.ok()) {
      ADD_FAILURE() << "reopen after kill: " << store.error().to_string();
      break;
    }
    const std::uint32_t done = shared->progress.load();
    if (done % 4 != 0) ++stats.kills_with_unacked_order;
    verify(**store, shared, round);
    if (::testing::Test::HasFatalFailure() || ::testing::Test::HasNonfatalFailure()) break;
  }
  stats.steps = shared->progress.load();
  ::munmap(mem, sizeof(Shared));
  return stats;
}

// Write batches under SIGKILL: the child writes bars of kBarOrders orders (each order, its fill
// and its status) in one batch per bar and marks a bar committed once commit_batch returned;
// the parent kills it at seeded moments. After each kill the ledger holds every committed bar
// and, of the bar being written, all of its writes or none.
constexpr int kBarOrders = 3;
constexpr int kMaxBars = 4096;
constexpr int kBatchKills = 40;

struct BatchShared {
  std::atomic<std::uint32_t> progress;
  std::atomic<std::uint8_t> in_batch;  // the child has a batch open
  std::atomic<std::uint8_t> committed[kMaxBars];
};

[[noreturn]] void run_batched_bot(Store& store, BatchShared* shared) {
  auto orders = store.orders();
  shared->in_batch = 0;
  if (!orders.ok() || orders->size() % kBarOrders != 0) ::_exit(4);  // a torn bar: fail loudly
  for (int bar = static_cast<int>(orders->size()) / kBarOrders; bar < kMaxBars; ++bar) {
    auto begun = store.begin_batch();
    if (!begun.ok() || !*begun) ::_exit(5);
    shared->in_batch = 1;
    for (int k = 0; k < kBarOrders; ++k) {
      const int n = bar * kBarOrders + k;
      if (!store.append_order(bot_order(n)).ok()) ::_exit(6);
      shared->progress++;
      if (!store.append_fill(venue_fill(n)).ok()) ::_exit(7);
      shared->progress++;
      if (!store
               .update_order(order_id(n), OrderStatus::kFilled, venue_fill(n).fill.venue_order_id,
                             Timestamp::from_s(2))
               .ok()) {
        ::_exit(8);
      }
      shared->progress++;
    }
    if (!store.commit_batch().ok()) ::_exit(9);
    shared->in_batch = 0;
    shared->committed[bar] = 1;
    shared->progress++;
  }
  ::_exit(0);
}

void verify_batches(Store& store, BatchShared* shared, int round) {
  SCOPED_TRACE(fmt::format("after kill {}", round));
  auto orders = store.orders();
  ASSERT_TRUE(orders.ok()) << orders.error().to_string();
  auto fills = store.fills();
  ASSERT_TRUE(fills.ok()) << fills.error().to_string();
  std::map<int, int> per_bar;  // bar -> orders of it in the ledger
  for (const OrderRecord& o : *orders) {
    const int n = parse_order_number(o.client_order_id);
    ASSERT_EQ(o.status, OrderStatus::kFilled) << "an order without its status write: " << n;
    ++per_bar[n / kBarOrders];
  }
  for (const auto& [bar, count] : per_bar) {
    ASSERT_EQ(count, kBarOrders) << "bar " << bar << " is torn";
  }
  ASSERT_EQ(fills->size(), orders->size()) << "an order without its fill, or the reverse";
  for (int bar = 0; bar < kMaxBars; ++bar) {
    if (shared->committed[bar] != 0) {
      ASSERT_TRUE(per_bar.contains(bar)) << "committed bar " << bar << " lost";
    }
  }
  auto events = store.stream_snapshot("ledger");
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(events->entries.size(), 3 * orders->size()) << "ledger events differ from the rows";
  auto pos = store.position(BotId("crash-bot"), symbol());
  ASSERT_TRUE(pos.ok());
  ASSERT_EQ(pos->fill_count, static_cast<std::int64_t>(fills->size()));
}

TEST(CrashTest, SqliteWriteBatchIsAllOrNothingUnderSigkill) {
  testing::TempDir dir;
  const SqliteOptions options{dir.path() / "batch.db"};
  void* mem = ::mmap(nullptr, sizeof(BatchShared), PROT_READ | PROT_WRITE,
                     MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  ASSERT_NE(mem, MAP_FAILED);
  auto* shared = new (mem) BatchShared();
  std::mt19937_64 rng(kSeed + 1);
  // A bar is 3 * kBarOrders + 1 steps: kills land inside batches, in commits and between bars.
  std::uniform_int_distribution<std::uint32_t> steps(1, 3 * (3 * kBarOrders + 1));
  int kills = 0;
  int kills_inside_a_batch = 0;
  for (int round = 0; round < kBatchKills; ++round) {
    const std::uint32_t target = shared->progress.load() + steps(rng);
    const pid_t pid = ::fork();
    if (pid == 0) {
      auto store = SqliteStore::open(options);
      if (!store.ok()) ::_exit(2);
      run_batched_bot(**store, shared);
    }
    ASSERT_GT(pid, 0);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    int status = 0;
    bool exited = false;
    while (shared->progress.load() < target) {
      if (::waitpid(pid, &status, WNOHANG) == pid) {
        exited = true;
        break;
      }
      if (std::chrono::steady_clock::now() > deadline) break;
      std::this_thread::yield();
    }
    if (!exited) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
    }
    ASSERT_FALSE(exited) << "bot exited by itself with status " << WEXITSTATUS(status);
    ++kills;
    if (shared->in_batch.load() != 0) ++kills_inside_a_batch;
    auto store = SqliteStore::open(options);
    ASSERT_TRUE(store.ok()) << store.error().to_string();
    verify_batches(**store, shared, round);
    if (::testing::Test::HasFatalFailure() || ::testing::Test::HasNonfatalFailure()) break;
  }
  EXPECT_EQ(kills, kBatchKills);
  // The kills must have hit open batches, or the test proved nothing.
  EXPECT_GT(kills_inside_a_batch, kBatchKills / 2);
  std::printf("sqlite write batches: %d SIGKILLs, %d inside a batch, %u steps\n", kills,
              kills_inside_a_batch, shared->progress.load());
  ::munmap(mem, sizeof(BatchShared));
}

TEST(CrashTest, SqliteLedgerSurvivesSigkill) {
  testing::TempDir dir;
  const SqliteOptions options{dir.path() / "crash.db"};
  const auto start = std::chrono::steady_clock::now();
  CrashStats stats = run_crash_rounds(
      [&]() -> Result<std::unique_ptr<Store>> {
        OMEGA_ASSIGN_OR_RETURN(auto s, SqliteStore::open(options));
        return std::unique_ptr<Store>(std::move(s));
      },
      kKills);
  EXPECT_EQ(stats.kills, kKills);
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - start);
  std::printf("sqlite crash test: %d SIGKILLs, %u bot steps, %d kills mid-order, %lld ms\n",
              stats.kills, stats.steps, stats.kills_with_unacked_order,
              static_cast<long long>(ms.count()));
}

TEST(CrashTest, RedisLedgerSurvivesSigkill) {
  auto options = testing::harness_redis();
  if (!options) GTEST_SKIP() << "OMEGA_TEST_REDIS_URL is unset: run under scripts/with-redis.sh";
  const auto start = std::chrono::steady_clock::now();
  CrashStats stats = run_crash_rounds(
      [&]() -> Result<std::unique_ptr<Store>> {
        OMEGA_ASSIGN_OR_RETURN(auto s, RedisStore::open(*options));
        OMEGA_TRY(s->migrate());
        return std::unique_ptr<Store>(std::move(s));
      },
      kKills);
  EXPECT_EQ(stats.kills, kKills);
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - start);
  std::printf("redis crash test: %d SIGKILLs, %u bot steps, %d kills mid-order, %lld ms\n",
              stats.kills, stats.steps, stats.kills_with_unacked_order,
              static_cast<long long>(ms.count()));
  EXPECT_TRUE(testing::delete_prefix(*options).ok());
}

}  // namespace
}  // namespace omega::store
