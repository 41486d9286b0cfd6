const { Defender } = require('@openzeppelin/defender-sdk');
const { ethers } = require('ethers');

exports.handler = async function (event) {
  const client = new Defender(event);
  const provider = client.relaySigner.getProvider();
  const signer = await client.relaySigner.getSigner(provider, { speed: 'fast' });
  const vault = new ethers.Contract(event.request.body.matchReasons[0].address, ['function pause()'], signer);
  const tx = await vault.pause();
  return tx.hash;
};
