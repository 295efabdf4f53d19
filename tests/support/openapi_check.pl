#!/usr/bin/perl
# Checks an OpenAPI 3.0 document and, optionally, HTTP responses against it, with
# JSON::Validator (Debian's libjson-validator-perl; the OAS 3.0 schema comes with it, nothing
# is fetched).
#
#   openapi_check.pl SPEC                 the document itself, against the OAS 3.0 schema
#   openapi_check.pl SPEC RESPONSES       and each line of RESPONSES, a JSON object
#       {"method": "post", "path": "/iotboot-keys/v1/retrieve", "status": 200,
#        "contentType": "application/json", "body": "<the body's text>", "retryAfter": "1"}
#
# Prints every error and exits 1 when there is one; a status the operation does not document
# is an error.
use strict;
use warnings;
use JSON::Validator;
use Mojo::JSON qw(decode_json);
use Mojo::URL;

my ($spec, $responses) = @ARGV;
die "usage: openapi_check.pl SPEC [RESPONSES]\n" unless defined $spec;
my $schema = JSON::Validator->new->schema($spec)->schema;
my @errors = map {"$spec: $_"} @{$schema->errors};
# The server URL's path: what precedes the document's paths in a request's.
my $server = $schema->get('/servers/0/url') // '/';
$server =~ s/^\{[^}]*\}//;    # a variable standing for scheme and authority
my $base = Mojo::URL->new($server)->path->to_string;
$base =~ s|/$||;
my $checked = 0;

if (defined $responses && !@errors) {
  open(my $in, '<', $responses) or die "openapi_check.pl: $responses: $!\n";
  while (my $line = <$in>) {
    next if $line =~ /^\s*$/;
    my $r = decode_json($line);
    my $path = $r->{path};
    $path = substr($path, length $base) if length $base && index($path, $base) == 0;
    my $where = "response $. ($r->{method} $r->{path} $r->{status})";
    if (!defined $schema->parameters_for_response([$r->{method}, $path, $r->{status}])) {
      push @errors, "$where: status not documented";
      next;
    }
    my $body = eval { decode_json($r->{body}) };
    if (!defined $body) {
      push @errors, "$where: body is not JSON";
      next;
    }
    my %header;
    $header{'Retry-After'} = $r->{retryAfter} if defined $r->{retryAfter} && length $r->{retryAfter};
    my @e = $schema->validate_response(
      [$r->{method}, $path, $r->{status}],
      {
        body   => sub { return {exists => 1, value => $body, content_type => $r->{contentType}} },
        header => \%header,
      });
    push @errors, map {"$where: $_"} @e;
    ++$checked;
  }
}
print STDERR "$_\n" for @errors;
exit 1 if @errors;
print "$spec: valid OpenAPI 3.0", (defined $responses ? ", $checked responses conform" : ""), "\n";
exit 0;
