#!/usr/bin/perl -w
# The Perl example of the ISPmanager API guide as published; only the host and credentials changed
# (from the environment; the test points PERL_LWP_SSL_CA_FILE at the panel's self-signed certificate).
use CGI::Carp qw(fatalsToBrowser);
print "Content-type: text/html\n\n";

use LWP::UserAgent;
use XML::LibXML;

my $result;

# Create a pseudo-browser that will run as MSIE and send the request
$ua = LWP::UserAgent->new;
$ua->agent("Mozilla/4.0 (compatible; MSIE 6.0; Windows NT 5.0)");
my $req = HTTP::Request->new(POST => "$ENV{ISP_URL}/manager/ispmgr");

$req->content("authinfo=$ENV{ISP_AUTHINFO}&out=xml&func=wwwdomain");

my $res = $ua->request($req);

# Check results
if ($res->is_success) {
	$result = $res->content;
} else {
	die $res->status_line."\n";
}

my $parser = XML::LibXML->new();
my $doc = $parser->parse_string( $result );
my $root = $doc->documentElement();

# Get the list of WWW domains
my @sites = ();
for( $root->findnodes( "elem/name" ) ){
	push @sites, $_->textContent;
}

# Display the result
for( sort @sites ){
	print $_."<br>\n";
}
