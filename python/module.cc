// parley._parley: the C++ half of `import parley` (docs/python.md). Thin: a scenario is loaded
// once and kept in C++; each command is one call of run_command (src/api/commands.h) with the
// keyword arguments as its request, and its JSON comes back as Python dicts and lists directly
// (no JSON text in between). Long calls run with the GIL released on a worker thread while this
// thread polls for Ctrl-C, which cancels the engine's CancelToken and raises KeyboardInterrupt.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "api/commands.h"
#include "api/requests.h"
#include "core/count.h"
#include "core/date.h"
#include "core/error.h"
#include "core/version.h"
#include "io/genius.h"
#include "io/importers.h"
#include "io/scenario_loader.h"
#include "io/scenario_writer.h"
#include "model/compiled.h"
#include "report/report.h"

namespace py = pybind11;
using json = nlohmann::json;
using ojson = nlohmann::ordered_json;

namespace parley::python {
namespace {

PyObject* g_scenario_error = nullptr;  // parley.ScenarioError (a ValueError)
PyObject* g_analysis_error = nullptr;  // parley.AnalysisError (a RuntimeError)

// The engine's JSON as Python objects (objects keep their key order in the dict).
template <typename J>
py::object to_python(const J& j) {
  switch (j.type()) {
    case J::value_t::null: return py::none();
    case J::value_t::boolean: return py::bool_(j.template get<bool>());
    case J::value_t::number_integer: return py::int_(j.template get<std::int64_t>());
    case J::value_t::number_unsigned: return py::int_(j.template get<std::uint64_t>());
    case J::value_t::number_float: return py::float_(j.template get<double>());
    case J::value_t::string: return py::str(j.template get_ref<const std::string&>());
    case J::value_t::array: {
      py::list out(j.size());
      std::size_t k = 0;
      for (const auto& v : j) out[k++] = to_python(v);
      return out;
    }
    case J::value_t::object: {
      py::dict out;
      for (auto it = j.begin(); it != j.end(); ++it) out[py::str(it.key())] = to_python(it.value());
      return out;
    }
    default: return py::none();
  }
}

// Python values as a request (dicts, lists, tuples, strings, numbers, booleans, None, paths).
json to_json(const py::handle& h, const std::string& where) {
  if (h.is_none()) return nullptr;
  if (py::isinstance<py::bool_>(h)) return h.cast<bool>();
  if (py::isinstance<py::int_>(h)) {
    try {
      return h.cast<std::int64_t>();
    } catch (const py::cast_error&) {
      return h.cast<std::uint64_t>();
    }
  }
  if (py::isinstance<py::float_>(h)) return h.cast<double>();
  if (py::isinstance<py::str>(h)) return h.cast<std::string>();
  if (py::hasattr(h, "__fspath__")) return py::str(h.attr("__fspath__")()).cast<std::string>();
  if (py::isinstance<py::dict>(h)) {
    json out = json::object();
    for (auto [k, v] : h.cast<py::dict>()) {
      if (!py::isinstance<py::str>(k)) throw RequestTypeError(fmt::format("{}: keys must be strings", where));
      out[k.cast<std::string>()] = to_json(v, where);
    }
    return out;
  }
  if (py::isinstance<py::list>(h) || py::isinstance<py::tuple>(h)) {
    json out = json::array();
    for (auto v : h) out.push_back(to_json(v, where));
    return out;
  }
  // dates (datetime.date from a YAML reader): YYYY-MM-DD
  if (py::hasattr(h, "isoformat")) return py::str(h.attr("isoformat")()).cast<std::string>();
  // numpy numbers and the like: a number when float() takes it
  if (py::hasattr(h, "__float__") && !py::isinstance<py::str>(h)) return h.attr("__float__")().cast<double>();
  throw RequestTypeError(fmt::format("{}: a value of type {} is not a string, number, boolean, list or dict", where,
                                     py::str(py::type::of(h).attr("__name__")).cast<std::string>()));
}

// Raises the Python error for an engine exception (the CLI's wording, without "parley: error:").
[[noreturn]] void raise_python(std::exception_ptr e) {
  try {
    std::rethrow_exception(e);
  } catch (const py::error_already_set&) {
    throw;
  } catch (const InputError& x) {
    std::string text;
    py::list diags;
    for (const auto& d : x.diagnostics()) {
      text += (text.empty() ? "" : "\n") + format_diagnostic(d);
      diags.append(py::make_tuple(d.loc.file, d.loc.line, d.loc.col, d.message));
    }
    py::object err = py::reinterpret_borrow<py::object>(g_scenario_error)(text);
    err.attr("diagnostics") = diags;
    PyErr_SetObject(g_scenario_error, err.ptr());
    throw py::error_already_set();
  } catch (const RequestTypeError& x) {
    throw py::type_error(x.what());
  } catch (const UsageError& x) {
    throw py::value_error(x.what());
  } catch (const AnalysisError& x) {
    PyErr_SetString(g_analysis_error, x.what());
    throw py::error_already_set();
  } catch (const std::bad_alloc&) {
    throw;
  } catch (const std::exception& x) {
    throw std::runtime_error(std::string("parley internal error: ") + x.what());
  }
}

// Runs `work` on a worker thread with the GIL released; polls for Ctrl-C every 20 ms and then
// cancels through `token`. Returns the work's value, or nothing when it failed or was interrupted
// (`interrupted` says which; a failure that is not an interruption is raised here).
template <typename F>
auto run_released(F&& work, CancelToken& token, bool& interrupted) {
  using R = decltype(work());
  std::optional<R> result;
  std::exception_ptr failure;
  std::mutex mu;
  std::condition_variable cv;
  bool done = false;
  interrupted = false;
  {
    py::gil_scoped_release release;
    std::thread worker([&] {
      try {
        result.emplace(work());
      } catch (...) {
        failure = std::current_exception();
      }
      std::lock_guard lock(mu);
      done = true;
      cv.notify_one();
    });
    std::unique_lock lock(mu);
    while (!cv.wait_for(lock, std::chrono::milliseconds(20), [&] { return done; })) {
      if (interrupted) continue;
      lock.unlock();
      {
        py::gil_scoped_acquire gil;
        if (PyErr_CheckSignals() != 0) {
          interrupted = true;
          token.cancel();
          PyErr_Clear();
        }
      }
      lock.lock();
    }
    lock.unlock();
    worker.join();
  }
  if (failure && !interrupted) raise_python(failure);
  return result;
}

// A scenario held in C++: the parsed base (shared by its what-ifs) and the what-if of
// with_changes, as request keys merged into every call.
struct PyScenario {
  std::shared_ptr<const Scenario> base;
  json changes = json::object();  // at, set, without, without_requirements
};

template <typename F>
auto guarded(F&& f) {
  try {
    return f();
  } catch (const py::error_already_set&) {
    throw;
  } catch (...) {
    raise_python(std::current_exception());
  }
}

PyScenario load_path(const std::string& path) {
  return guarded([&] { return PyScenario{std::make_shared<const Scenario>(load_scenario_file(path))}; });
}
PyScenario load_text(const std::string& text, const std::string& name) {
  return guarded([&] { return PyScenario{std::make_shared<const Scenario>(load_scenario_text(text, name))}; });
}
PyScenario load_dict(const py::dict& d) {
  const json j = guarded([&] { return to_json(d, "scenario"); });
  return load_text(j.dump(2), "<dict>");  // YAML reads JSON; the lines name the dict's keys
}

// The request: the scenario's changes, then the call's keywords (at replaces, set merges, the
// lists add up).
json merged_request(const PyScenario& s, const py::dict& kwargs) {
  json req = to_json(kwargs, "keyword arguments");
  for (const auto& [k, v] : s.changes.items()) {
    if (k == "at") {
      if (!req.contains("at") || req["at"].is_null()) req["at"] = v;
    } else if (k == "set") {
      json set = v;
      if (req.contains("set") && req["set"].is_object())
        for (const auto& [p, x] : req["set"].items()) set[p] = x;
      else if (req.contains("set") && !req["set"].is_null())
        continue;  // mistyped: the command says so
      req["set"] = set;
    } else {
      json list = v;
      if (req.contains(k) && req[k].is_string()) list.push_back(req[k]);
      else if (req.contains(k) && req[k].is_array())
        for (const auto& x : req[k]) list.push_back(x);
      else if (req.contains(k) && !req[k].is_null())
        continue;
      req[k] = list;
    }
  }
  return req;
}

// The command's result; with `charted`, (result, its charts as JSON text or None) for
// Result._repr_html_ (a sweep's charts come from its own samples).
py::object run_impl(const std::string& command, const PyScenario& s, const py::dict& kwargs, bool charted) {
  json req = guarded([&] { return merged_request(s, kwargs); });
  CancelToken token;
  std::shared_ptr<const Scenario> base = s.base;
  bool interrupted = false;
  ojson charts;
  std::optional<ojson> out = run_released(
      [&] { return run_command(command, req, *base, &token, charted ? &charts : nullptr); }, token, interrupted);
  if (interrupted) {
    // Ctrl-C: KeyboardInterrupt, with the partial result where the command gives one (a sweep's
    // samples so far, marked "partial": true, as the CLI prints it).
    py::object err = py::reinterpret_borrow<py::object>(PyExc_KeyboardInterrupt)();
    err.attr("partial") = out ? to_python(*out) : py::none();
    PyErr_SetObject(PyExc_KeyboardInterrupt, err.ptr());
    throw py::error_already_set();
  }
  if (!charted) return to_python(*out);
  return py::make_tuple(to_python(*out), charts.is_null() ? py::object(py::none()) : py::object(py::str(charts.dump())));
}

py::object run(const std::string& command, const PyScenario& s, const py::dict& kwargs) {
  return run_impl(command, s, kwargs, false);
}

// analyze's charts (command_charts: the analysis again), as JSON text, or None.
py::object chart_data(const std::string& command, const PyScenario& s, const py::dict& kwargs) {
  json req = guarded([&] { return merged_request(s, kwargs); });
  CancelToken token;
  std::shared_ptr<const Scenario> base = s.base;
  bool interrupted = false;
  std::optional<ojson> out = run_released([&] { return command_charts(command, req, *base, &token); }, token, interrupted);
  if (interrupted) {
    PyErr_SetNone(PyExc_KeyboardInterrupt);
    throw py::error_already_set();
  }
  return out->is_null() ? py::object(py::none()) : py::object(py::str(out->dump()));
}

// The notebook fragment of chart data (report_fragment_html).
std::string charts_html(const std::string& data) {
  return guarded([&] { return report_fragment_html(ojson::parse(data)); });
}

// `parley validate DATASET FILE`: the report's JSON; each issue skipped is a Python warning
// (UserWarning, the CLI's warning line), issued before the result or the error.
py::object validate(const py::dict& kwargs) {
  json req = guarded([&] { return to_json(kwargs, "keyword arguments"); });
  CancelToken token;
  std::vector<std::string> warnings;
  bool interrupted = false;
  auto warn_all = [&] {
    py::module_ w = py::module_::import("warnings");
    for (const auto& text : warnings) w.attr("warn")(text, py::reinterpret_borrow<py::object>(PyExc_UserWarning), 2);
  };
  std::optional<ojson> out;
  try {
    out = run_released([&] { return run_validate(req, [&](const std::string& t) { warnings.push_back(t); }); }, token,
                       interrupted);
  } catch (py::error_already_set&) {
    warn_all();
    throw;
  }
  warn_all();
  if (interrupted) {  // the scoring runs to its end; Ctrl-C then stops the caller
    PyErr_SetNone(PyExc_KeyboardInterrupt);
    throw py::error_already_set();
  }
  return to_python(*out);
}

PyScenario with_changes(const PyScenario& s, const py::dict& kwargs) {
  return guarded([&] {
    for (auto [k, v] : kwargs) {
      const std::string key = k.cast<std::string>();
      if (key != "at" && key != "set" && key != "without" && key != "without_requirements")
        throw RequestTypeError(fmt::format("with_changes() got an unexpected keyword argument '{}'; expected at, set, "
                                           "without, without_requirements",
                                           key));
    }
    PyScenario out{s.base, merged_request(s, kwargs)};
    validate_what_if(*out.base, what_if_of_request(out.changes));
    return out;
  });
}

py::dict check(const PyScenario& s) {
  return guarded([&] {
    const Scenario& sc = *s.base;
    py::dict d;
    d["scenario"] = sc.id;
    d["actors"] = sc.actors.size();
    d["issues"] = sc.issues.size();
    d["continuous"] = sc.continuous.size();
    d["named_packages"] = sc.packages.size();
    if (!sc.issues.empty()) {
      const CompiledModel m = compile(sc);
      d["packages"] = count_text(m.package_count());
    } else {
      d["packages"] = py::none();
    }
    return d;
  });
}

py::dict info(const PyScenario& s) {
  const Scenario& sc = *s.base;
  auto names = [](const LocalText& t) {
    py::dict d;
    for (const auto& [k, v] : t) d[py::str(k)] = v;
    return d;
  };
  py::dict d;
  d["scenario"] = sc.id;
  d["title"] = names(sc.title);
  d["date"] = format_date(sc.date);
  py::list actors, events, deadlines, plans, packages;
  for (const auto& a : sc.actors) actors.append(py::dict(py::arg("id") = a.id, py::arg("name") = names(a.name)));
  for (const auto& e : sc.events)
    events.append(py::dict(py::arg("id") = e.id, py::arg("name") = names(e.name), py::arg("date") = format_date(e.date)));
  for (const auto& x : sc.deadlines)
    deadlines.append(py::dict(py::arg("id") = x.id, py::arg("name") = names(x.name), py::arg("date") = format_date(x.date)));
  for (const auto& p : sc.plans) plans.append(py::dict(py::arg("id") = p.id, py::arg("name") = names(p.name)));
  for (const auto& p : sc.packages) packages.append(py::dict(py::arg("id") = p.id, py::arg("name") = names(p.name)));
  d["actors"] = actors;
  d["events"] = events;
  d["deadlines"] = deadlines;
  d["plans"] = plans;
  d["packages"] = packages;
  d["changes"] = to_python(s.changes);
  return d;
}

// `parley import FORMAT IN...`: the scenarios read (deu: one per issue).
std::vector<PyScenario> import_files(const std::string& format, const std::vector<std::string>& files,
                                     const std::string& issue, std::optional<std::pair<double, double>> range,
                                     int real_steps) {
  return guarded([&] {
    std::vector<Scenario> read;
    const bool negotiation = format == "genius" || format == "geniusweb";
    if (negotiation) {
      if (files.size() < 3)
        throw UsageError(fmt::format("import {} reads the domain file, then one profile per party: expected at least 3 "
                                     "files (a domain and two profiles), got {}",
                                     format, files.size()));
      std::vector<std::string> profiles(files.begin() + 1, files.end());
      if (format == "genius") {
        GeniusOptions g;
        if (real_steps < 2 || real_steps > 64) throw UsageError(fmt::format("--real-steps {}: expected 2 to 64", real_steps));
        g.real_steps = real_steps;
        read.push_back(import_genius(files.front(), profiles, g).scenario);
      } else {
        read.push_back(import_geniusweb(files.front(), profiles).scenario);
      }
    } else {
      if (files.size() != 1) throw UsageError(fmt::format("import {} reads one input file, got {}", format, files.size()));
      ImportOptions opt;
      opt.issue = issue;
      opt.range = range;
      if (format == "actors-csv") read.push_back(import_actors_csv(files[0], opt));
      else if (format == "ktab") read.push_back(import_ktab(files[0], opt));
      else if (format == "decide") read.push_back(import_decide(files[0]));
      else if (format == "deu") read = import_deu(files[0]);
      else
        throw UsageError(fmt::format("import: unknown format '{}'; expected one of: actors-csv, ktab, decide, deu, "
                                     "genius, geniusweb",
                                     format));
    }
    // As `parley import` writes it and `parley` reads it back: through the scenario file format.
    std::vector<PyScenario> out;
    for (const auto& s : read)
      out.push_back(PyScenario{std::make_shared<const Scenario>(load_scenario_text(scenario_to_yaml(s), s.id + ".yaml"))});
    return out;
  });
}

}  // namespace
}  // namespace parley::python

PYBIND11_MODULE(_parley, m) {
  using namespace parley;
  using namespace parley::python;
  m.doc() = "parley's engine (C++): load scenarios once, run every command on them (see docs/python.md)";
  m.attr("__version__") = kVersion;
  g_scenario_error = PyErr_NewExceptionWithDoc(
      "parley.ScenarioError", "A scenario that cannot be loaded or a what-if that does not fit it; .diagnostics lists "
      "(file, line, column, message) as the CLI prints them.", PyExc_ValueError, nullptr);
  g_analysis_error = PyErr_NewExceptionWithDoc(
      "parley.AnalysisError", "An analysis refused (over its budget, too large for its method) or cancelled.",
      PyExc_RuntimeError, nullptr);
  m.attr("ScenarioError") = py::reinterpret_borrow<py::object>(g_scenario_error);
  m.attr("AnalysisError") = py::reinterpret_borrow<py::object>(g_analysis_error);

  py::class_<PyScenario>(m, "Native")
      .def_property_readonly("id", [](const PyScenario& s) { return s.base->id; })
      .def("info", &info)
      .def("check", &check)
      .def("to_yaml", [](const PyScenario& s) { return scenario_to_yaml(*s.base); })
      .def("with_changes", &with_changes);
  m.def("load_path", &load_path, py::arg("path"));
  m.def("load_text", &load_text, py::arg("text"), py::arg("name") = "<string>");
  m.def("load_dict", &load_dict, py::arg("data"));
  m.def("run", &run, py::arg("command"), py::arg("scenario"), py::arg("options"));
  m.def("run_charted", [](const std::string& c, const PyScenario& s, const py::dict& o) { return run_impl(c, s, o, true); },
        py::arg("command"), py::arg("scenario"), py::arg("options"));
  m.def("chart_data", &chart_data, py::arg("command"), py::arg("scenario"), py::arg("options"));
  m.def("charts_html", &charts_html, py::arg("data"));
  m.def("import_files", &import_files, py::arg("format"), py::arg("files"), py::arg("issue") = "",
        py::arg("range") = std::nullopt, py::arg("real_steps") = 21);
  m.def("commands", [] { return command_names(); });
  m.def("validate", &validate, py::arg("options"));
}
