#!/usr/bin/python3
"""Flow F7 with Microsoft's MSAL for Python (Debian: python3-msal) against the lab.

PublicClientApplication.acquire_token_by_username_password does, for a federated
user: user realm discovery (/common/userrealm/<upn>?api-version=1.0), MEX
(federation_metadata_url), a WS-Trust 1.3 usernamemixed RST to AD FS, and the SAML
bearer grant (saml1_1-bearer or saml2-bearer, from the RSTR's TokenType) at the
tenant's v2.0 token endpoint.

The lab's names are not in any DNS this machine uses, so --resolve HOST:ADDRESS
(as curl's --resolve) says where each lab name is; every other name fails to
resolve, so nothing leaves the lab. Only resolution changes: TLS still verifies
the lab CA (--ca) and the host name.

Prints MSAL's result as JSON on stdout: the token response (with the decoded
id_token claims) on success and exit 0, or MSAL's error and exit 1.
"""
import argparse
import json
import socket
import sys

try:
    import msal
    import requests
except ImportError as missing:  # the integration test skips with this message
    print(f"msal-username-password: {missing}; install Debian's python3-msal", file=sys.stderr)
    sys.exit(3)


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--authority", required=True, help="e.g. https://login.microsoftonline.test/contoso.onmicrosoft.test")
    parser.add_argument("--client-id", required=True)
    parser.add_argument("--scope", action="append", required=True, help="repeatable, e.g. https://outlook.office365.test/EWS.AccessAsUser.All")
    parser.add_argument("--username", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--ca", required=True, help="the lab CA certificate (certs/ca/lab-root.crt)")
    parser.add_argument("--resolve", action="append", default=[], metavar="HOST:ADDRESS", help="where a lab name is; repeatable")
    return parser.parse_args()


def resolve_only(names):
    """socket.getaddrinfo for exactly `names`; urllib3 still uses the host name for SNI and certificate checks."""
    system_getaddrinfo = socket.getaddrinfo

    def lab_getaddrinfo(host, port, *args, **kwargs):
        address = names.get(str(host).lower())
        if address is None:
            raise socket.gaierror(socket.EAI_NONAME, f"{host} is not a lab name given with --resolve")
        return system_getaddrinfo(address, port, *args, **kwargs)

    socket.getaddrinfo = lab_getaddrinfo


def lab_names(entries):
    names = {}
    for entry in entries:
        host, _, address = entry.rpartition(":")
        if not host or not address:
            sys.exit(f"msal-username-password: --resolve {entry!r} is not HOST:ADDRESS")
        names[host.lower()] = address
    return names


def main():
    arguments = parse_arguments()
    resolve_only(lab_names(arguments.resolve))
    session = requests.Session()
    session.verify = arguments.ca
    session.trust_env = False  # no proxy or CA bundle from the environment: the lab names above, the lab CA
    # instance_discovery=False: MSAL would otherwise ask login.microsoftonline.com whether the authority is
    # a known cloud. The tenant is still discovered (and so validated) at <authority>/v2.0/.well-known/openid-configuration.
    app = msal.PublicClientApplication(arguments.client_id, authority=arguments.authority, http_client=session, instance_discovery=False)
    try:
        result = app.acquire_token_by_username_password(arguments.username, arguments.password, scopes=arguments.scope)
    except (RuntimeError, ValueError) as error:
        # MSAL raises what AD FS's WS-Trust fault said (wstrust_response.parse_response), or a MEX problem.
        result = {"error": type(error).__name__, "error_description": str(error)}
    print(json.dumps(result, indent=2, default=str))
    return 0 if "access_token" in result else 1


if __name__ == "__main__":
    sys.exit(main())
