// TS 24.301 §4.4.4.2 and §4.4.4.3: the messages each side may take without integrity protection.
#include "nas/integrity_rules.hpp"

#include <gtest/gtest.h>

namespace iotboot::nas {
namespace {

TEST(IntegrityRules, TheMmeTakesOnlyTheListedMessagesUnprotected) {
  for (const EmmMessage& m :
       std::vector<EmmMessage>{AttachRequest{}, IdentityResponse{}, AuthenticationResponse{}, AuthenticationFailure{},
                               SecurityModeReject{}, DetachRequest{}, DetachAccept{}}) {
    EXPECT_TRUE(mme_may_process_unprotected(m)) << m.index();
  }
  for (const EmmMessage& m : std::vector<EmmMessage>{SecurityModeComplete{}, AttachComplete{}, EmmStatus{}}) {
    EXPECT_FALSE(mme_may_process_unprotected(m)) << m.index();
  }
}

TEST(IntegrityRules, TheUeTakesOnlyTheListedMessagesUnprotected) {
  for (const EmmMessage& m :
       std::vector<EmmMessage>{IdentityRequest{1}, AuthenticationRequest{}, AuthenticationReject{},
                               AttachReject{8, std::nullopt}, DetachAccept{}}) {
    EXPECT_TRUE(ue_may_process_unprotected(m)) << m.index();
  }
  for (const EmmMessage& m :
       std::vector<EmmMessage>{SecurityModeCommand{}, AttachAccept{}, AttachReject{25, std::nullopt},
                               IdentityRequest{2}, DetachRequest{}, EmmStatus{}}) {
    EXPECT_FALSE(ue_may_process_unprotected(m)) << m.index();
  }
}

}  // namespace
}  // namespace iotboot::nas
