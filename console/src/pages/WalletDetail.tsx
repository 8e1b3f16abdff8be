export default function WalletDetail() {
  return <p>WalletDetail</p>;
}
