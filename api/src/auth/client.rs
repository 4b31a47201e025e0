//! Who is calling, by network address: the peer, or behind a trusted proxy the address the proxy
//! says it forwarded for. The sign-in lockout counts failures by this address, so a client must
//! not be able to choose it: `X-Forwarded-For` is believed only from `QA_TRUSTED_PROXIES`.

use std::net::IpAddr;

use actix_web::HttpRequest;

/// An address range: an address and how many leading bits of it are fixed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IpNet {
    address: IpAddr,
    prefix: u8,
}

impl IpNet {
    /// Parses `10.0.0.0/8`, `fd00::/8` or a single address (the whole length fixed).
    pub fn parse(text: &str) -> Option<Self> {
        let (address, prefix) = match text.split_once('/') {
            Some((address, prefix)) => (address.parse::<IpAddr>().ok()?, Some(prefix)),
            None => (text.parse::<IpAddr>().ok()?, None),
        };
        let bits = if address.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            Some(p) => p.parse::<u8>().ok().filter(|p| *p <= bits)?,
            None => bits,
        };
        Some(Self { address, prefix })
    }

    /// Whether the range holds the address (an IPv4 address mapped into IPv6 counts as IPv4).
    pub fn contains(&self, address: IpAddr) -> bool {
        let address = match address {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(address, IpAddr::V4),
            v4 => v4,
        };
        match (self.address, address) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                let mask = u32::MAX
                    .checked_shl(32 - u32::from(self.prefix))
                    .unwrap_or(0);
                u32::from(net) & mask == u32::from(ip) & mask
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let mask = u128::MAX
                    .checked_shl(128 - u32::from(self.prefix))
                    .unwrap_or(0);
                u128::from(net) & mask == u128::from(ip) & mask
            }
            _ => false,
        }
    }
}

fn trusted(proxies: &[IpNet], address: IpAddr) -> bool {
    proxies.iter().any(|net| net.contains(address))
}

/// The client's address. Without trusted proxies, or when the peer is not one, the peer.
/// Behind trusted proxies, the right-most `X-Forwarded-For` entry that is not itself a trusted
/// proxy: each proxy appends the address it received from, so entries to the left of the
/// last untrusted hop were written by the client and prove nothing.
pub fn client_address(req: &HttpRequest, proxies: &[IpNet]) -> String {
    let Some(peer) = req.peer_addr().map(|a| a.ip()) else {
        return "unknown".into();
    };
    if proxies.is_empty() || !trusted(proxies, peer) {
        return peer.to_string();
    }
    let forwarded: Vec<IpAddr> = req
        .headers()
        .get_all("x-forwarded-for")
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|part| part.trim().parse::<IpAddr>().ok())
        .collect();
    forwarded
        .iter()
        .rev()
        .find(|address| !trusted(proxies, **address))
        .or(forwarded.first())
        .copied()
        .unwrap_or(peer)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test::TestRequest;

    fn nets(list: &[&str]) -> Vec<IpNet> {
        list.iter().map(|n| IpNet::parse(n).unwrap()).collect()
    }

    #[test]
    fn ranges_hold_their_addresses_only() {
        let net = IpNet::parse("10.1.0.0/16").unwrap();
        assert!(net.contains("10.1.200.3".parse().unwrap()));
        assert!(!net.contains("10.2.0.1".parse().unwrap()));
        assert!(net.contains("::ffff:10.1.0.9".parse().unwrap()));
        assert!(IpNet::parse("0.0.0.0/0")
            .unwrap()
            .contains("8.8.8.8".parse().unwrap()));
        assert!(IpNet::parse("fd00::/8")
            .unwrap()
            .contains("fd12::1".parse().unwrap()));
        assert!(IpNet::parse("10.0.0.0/33").is_none());
        assert!(IpNet::parse("ten").is_none());
    }

    fn request(peer: &str, forwarded: Option<&str>) -> HttpRequest {
        let mut req = TestRequest::default().peer_addr(peer.parse().unwrap());
        if let Some(f) = forwarded {
            req = req.insert_header(("x-forwarded-for", f));
        }
        req.to_http_request()
    }

    #[test]
    fn forwarded_for_is_believed_only_from_trusted_proxies() {
        let proxies = nets(&["10.0.0.0/8"]);
        let spoofed = request("203.0.113.9:5000", Some("198.51.100.1"));
        assert_eq!(client_address(&spoofed, &proxies), "203.0.113.9");
        assert_eq!(client_address(&spoofed, &[]), "203.0.113.9");
        let proxied = request("10.0.0.2:5000", Some("1.2.3.4, 198.51.100.7, 10.0.0.3"));
        assert_eq!(client_address(&proxied, &proxies), "198.51.100.7");
        let no_header = request("10.0.0.2:5000", None);
        assert_eq!(client_address(&no_header, &proxies), "10.0.0.2");
    }
}
