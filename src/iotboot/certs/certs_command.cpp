#include "commands.hpp"

#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>

#include "core/fqdn.hpp"
#include "net/dev_pki.hpp"
#include "usage_error.hpp"

namespace iotboot::cli {

void add_certs_command(CLI::App& app) {
  struct CertFlags {
    std::string dir, scef_host = "scef.iotboot.test";
    std::vector<std::string> as_ids = {"as1.example.com", "as2.example.com"};
    std::vector<std::string> diameter_ids = {"hss.iotboot.test", "mme.iotboot.test", "scef.iotboot.test"};
  };
  auto cf = std::make_shared<CertFlags>();
  CLI::App* certs =
      app.add_subcommand("certs",
                         "make a development CA, the SCEF's server certificate, AS client certificates and "
                         "certificates for Diameter identities (Diameter over TLS)");
  certs->add_option("--dir", cf->dir, "output directory")->required();
  certs->add_option("--scef-host", cf->scef_host, "the SCEF's host name (default scef.iotboot.test)");
  certs->add_option("--as-id", cf->as_ids, "AS identities (default as1.example.com as2.example.com)");
  certs->add_option("--diameter-id", cf->diameter_ids,
                    "Diameter identities, each an NF's Origin-Host (default hss.iotboot.test mme.iotboot.test "
                    "scef.iotboot.test)");
  certs->callback([cf] {
    if (auto why = check_fqdn(cf->scef_host)) throw UsageError("--scef-host", "not a valid FQDN: " + *why);
    for (const auto& id : cf->as_ids) {
      if (auto why = check_fqdn(id)) throw UsageError("--as-id", "not a valid FQDN: " + *why);
    }
    for (const auto& id : cf->diameter_ids) {
      if (auto why = check_fqdn(id)) throw UsageError("--diameter-id", "not a valid FQDN: " + *why);
    }
    const net::DevPkiFiles f = net::make_dev_pki(cf->dir, cf->scef_host, cf->as_ids, cf->diameter_ids);
    for (const std::string& note : f.notes) std::cerr << "iotboot: " << note << "\n";
    std::cout << "CA " << f.ca_certificate.string() << " (its key: " << f.ca_key.string() << ")\nSCEF "
              << f.scef_certificate.string() << "\n";
    for (std::size_t i = 0; i < f.as_certificates.size(); ++i)
      std::cout << "AS " << f.as_certificates[i].string() << "\n";
    for (std::size_t i = 0; i < f.diameter_certificates.size(); ++i)
      std::cout << "Diameter " << f.diameter_certificates[i].string() << "\n";
  });
}

}  // namespace iotboot::cli
