"""The parts of ``inline-secrets`` that know about secrets but not about files.

``formats`` recognises known token formats, ``context`` decides whether a value given to a
secret-like name is a credential, ``masking`` makes a value safe to print.
"""
